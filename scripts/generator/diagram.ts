// The architecture diagram, as Mermaid, drawn from the dependency graph: users reach the API on
// its NodePort, every other arrow is a ClusterIP connection a NetworkPolicy allows.
import { component, components } from "../../schema/components.ts";
import { clients, edges, migrationsJob } from "../../schema/graph.ts";

const nodeId = (name: string) => name.replace(/-/g, "_");

export function architectureDiagram(): string {
  const lines = ["```mermaid", "graph TD"];
  lines.push("    user[User / Host]");
  for (const definition of components) lines.push(`    ${nodeId(definition.name)}[${definition.name}]`);
  lines.push(`    ${nodeId(migrationsJob.name)}[${migrationsJob.name} Job]`);
  for (const definition of components) {
    for (const [portName, nodePort] of Object.entries(definition.service?.nodePorts ?? {})) {
      const port = definition.ports.find((candidate) => candidate.name === portName);
      lines.push(`    user -->|NodePort ${nodePort} → ${port?.port}| ${nodeId(definition.name)}`);
    }
  }
  for (const client of clients) {
    for (const edge of edges.filter((candidate) => candidate.from === client.name)) {
      const service = component(edge.to).service?.type ?? "ClusterIP";
      lines.push(`    ${nodeId(edge.from)} -->|${service} ${edge.containerPort}| ${nodeId(edge.to)}`);
    }
  }
  lines.push("```");
  return lines.join("\n");
}

const start = "<!-- architecture diagram: generated from schema/graph.ts by npm run generate -->";
const end = "<!-- end of architecture diagram -->";

/** The diagram with the markers that let the generator find and replace it in a README. */
export const diagramBlock = () => `${start}\n${architectureDiagram()}\n${end}`;

/** Replaces the marked diagram in a document, or fails if the markers are missing. */
export function withDiagram(document: string): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error("README.md lost its architecture diagram markers");
  return document.slice(0, from) + diagramBlock() + document.slice(to + end.length);
}
