// How the application finds what it talks to: the environment variables its code reads (read
// from the application's source, upstream commit 6b9dbc9), each tied to the component it points at.
// A component receives a variable only when one of its dependencies names it.
import { components } from "./components.ts";
import { clients } from "./graph.ts";
import type { ComponentName } from "./types.ts";

export interface ConnectionVariable {
  name: string;
  target: ComponentName;
  /** Port name on the target's Service. */
  port: string;
  /**
   * The value, with placeholders filled per release: {host} (the Service's FQDN), {port},
   * {username}, {database} (from the target's auth settings). {password} is not filled by Helm:
   * it stays `${<the target's password key>}` in the ConfigMap, and the container's start
   * command puts the password from the Secret there, URL-encoded (cryptoflow.withUrlPasswords).
   */
  format: string;
  description: string;
  /**
   * Set when the chart hands the variable out for the application to adopt: the upstream code
   * does not read it yet (says what it does instead). The generated docs say so.
   */
  notReadUpstream?: string;
}

export const connectionVariables: ConnectionVariable[] = [
  {
    name: "DATABASE_URL",
    target: "postgres",
    port: "postgres",
    format: "postgresql+asyncpg://{username}:{password}@{host}:{port}/{database}",
    description: "PostgreSQL URL for SQLAlchemy's async driver",
  },
  {
    name: "REDIS_URL",
    target: "redis",
    port: "redis",
    format: "redis://:{password}@{host}:{port}/0",
    description: "Redis URL for the cache",
  },
  {
    name: "CELERY_RESULT_BACKEND",
    target: "redis",
    port: "redis",
    format: "redis://:{password}@{host}:{port}/0",
    description: "Redis URL where Celery stores task results",
  },
  {
    name: "CELERY_BROKER_URL",
    target: "rabbitmq",
    port: "amqp",
    format: "amqp://{username}:{password}@{host}:{port}//",
    description: "AMQP URL of the Celery broker",
  },
  {
    name: "RABBITMQ_URL",
    target: "rabbitmq",
    port: "amqp",
    format: "amqp://{username}:{password}@{host}:{port}/",
    description: "AMQP URL the order service publishes to",
  },
  {
    name: "MARKET_DATA_GRPC_TARGET",
    target: "market-data",
    port: "grpc",
    format: "{host}:{port}",
    description: "gRPC target of the market-data service",
    notReadUpstream: "the upstream api and order-service dial localhost:50051",
  },
  {
    name: "ORDER_SERVICE_GRPC_TARGET",
    target: "order-service",
    port: "grpc",
    format: "{host}:{port}",
    description: "gRPC target of the order service",
    notReadUpstream: "the upstream api dials localhost:50052",
  },
];

/** Optional AI credentials: empty means the feature is off. Only the MCP server's agents read them. */
export const aiKeyReaders: ComponentName[] = ["mcp"];
export const aiKeys: { env: string; valuesKey: string; description: string }[] = [
  { env: "OPENAI_API_KEY", valuesKey: "openaiApiKey", description: "OpenAI API key" },
  { env: "GOOGLE_API_KEY", valuesKey: "googleApiKey", description: "Google AI API key" },
  { env: "AZURE_OPENAI_ENDPOINT", valuesKey: "azureOpenaiEndpoint", description: "Azure OpenAI endpoint URL" },
  { env: "AZURE_OPENAI_API_KEY", valuesKey: "azureOpenaiApiKey", description: "Azure OpenAI API key" },
  {
    env: "AZURE_OPENAI_DEPLOYMENT_NAME",
    valuesKey: "azureOpenaiDeploymentName",
    description: "Azure OpenAI deployment name",
  },
  { env: "AZURE_SEARCH_ENDPOINT", valuesKey: "azureSearchEndpoint", description: "Azure AI Search endpoint URL" },
  { env: "AZURE_SEARCH_API_KEY", valuesKey: "azureSearchApiKey", description: "Azure AI Search API key" },
  { env: "AZURE_SEARCH_INDEX_NAME", valuesKey: "azureSearchIndexName", description: "Azure AI Search index name" },
];

/** The Secret key of the password a variable's URL carries, if it carries one. */
export function passwordKeyOf(variable: ConnectionVariable): string | undefined {
  if (!variable.format.includes("{password}")) return undefined;
  const key = components.find((definition) => definition.name === variable.target)?.auth?.passwordKey;
  if (!key) throw new Error(`${variable.name} holds a password, but ${variable.target} has none`);
  return key;
}

export function connectionVariable(name: string): ConnectionVariable {
  const found = connectionVariables.find((variable) => variable.name === name);
  if (!found) throw new Error(`unknown connection variable ${name}`);
  return found;
}

/** Checks that the graph and the variables agree; the generator refuses to write a chart otherwise. */
export function checkGraph(): void {
  for (const from of clients) {
    for (const edge of from.dependencies) {
      const to = components.find((candidate) => candidate.name === edge.to);
      if (!to) throw new Error(`${from.name} depends on unknown component ${edge.to}`);
      if (!to.ports.some((port) => port.name === edge.port)) {
        throw new Error(`${from.name} → ${edge.to}: ${edge.to} has no port named ${edge.port}`);
      }
      for (const name of edge.env) {
        const variable = connectionVariable(name);
        if (variable.target !== edge.to || variable.port !== edge.port) {
          throw new Error(
            `${from.name} → ${edge.to}:${edge.port} names ${name}, which points at ${variable.target}:${variable.port}`,
          );
        }
      }
    }
  }
}
