// Every pod is secure by default: the Pod Security "restricted" essentials, an explicit
// non-root uid, a read-only root filesystem, group ownership of volumes changed only when needed,
// and sized resources.
import type { V1ConfigMap, V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { datastores } from "../expectations.ts";
import { allContainers, deployments, helms, named, podSpecs, render } from "../render.ts";

describe.each(helms)("pod security with helm $version", (helm) => {
  it("runs every pod as an explicit non-root user with the runtime's seccomp profile and no API token", async () => {
    const pods = podSpecs(await render(helm));
    expect(pods.length).toBeGreaterThanOrEqual(10);
    for (const { owner, spec } of pods) {
      expect(spec.securityContext?.runAsNonRoot, owner).toBe(true);
      expect(spec.securityContext?.runAsUser, owner).toBeGreaterThan(0);
      expect(spec.securityContext?.seccompProfile?.type, owner).toBe("RuntimeDefault");
      expect(spec.automountServiceAccountToken, owner).toBe(false);
    }
  });

  it("changes a datastore volume's group only when its root does not match (RabbitMQ's cookie stays 0400)", async () => {
    const rendered = await render(helm, {
      set: Object.fromEntries(datastores.map((name) => [`${name}.persistence.enabled`, true])),
    });
    for (const name of datastores) {
      const pod = named<V1Deployment>(rendered, "Deployment", name).spec?.template.spec;
      expect(pod?.securityContext?.fsGroupChangePolicy, name).toBe("OnRootMismatch");
      expect(pod?.volumes?.find((volume) => volume.name === "data")?.persistentVolumeClaim, name).toBeTruthy();
    }
  });

  it("drops every capability and forbids privilege escalation in every container", async () => {
    for (const { owner, spec } of podSpecs(await render(helm))) {
      for (const container of allContainers(spec)) {
        const context = container.securityContext;
        expect(context?.allowPrivilegeEscalation, `${owner} ${container.name}`).toBe(false);
        expect(context?.capabilities?.drop, `${owner} ${container.name}`).toEqual(["ALL"]);
        expect(context?.privileged ?? false, `${owner} ${container.name}`).toBe(false);
      }
    }
  });

  it("mounts the root filesystem read-only in every container, Chroma's included", async () => {
    const specs = podSpecs(await render(helm));
    // 9 Deployments, the migrations Job and 6 test pods.
    expect(specs.length).toBe(16);
    for (const { owner, spec } of specs) {
      for (const container of allContainers(spec)) {
        expect(container.securityContext?.readOnlyRootFilesystem, owner).toBe(true);
      }
    }
  });

  it("gives RabbitMQ a writable log folder: on a read-only root it stops at start without one", async () => {
    const rendered = await render(helm);
    const pod = named<V1Deployment>(rendered, "Deployment", "rabbitmq").spec?.template.spec;
    const mount = pod?.containers[0].volumeMounts?.find((volume) => volume.mountPath === "/var/log/rabbitmq");
    expect(mount, "a mount at /var/log/rabbitmq").toBeTruthy();
    expect(pod?.volumes?.find((volume) => volume.name === mount?.name)?.emptyDir).toEqual({});
  });

  it("starts Chroma with the chart's console-only log configuration, mounted read-only", async () => {
    const rendered = await render(helm);
    const chroma = named<V1Deployment>(rendered, "Deployment", "chroma");
    const main = chroma.spec?.template.spec?.containers[0];
    const command = main?.command ?? [];
    expect(command.slice(0, 2)).toEqual(["uvicorn", "chromadb.app:app"]);
    expect(command[command.indexOf("--log-config") + 1]).toBe("/etc/chroma/log_config.yml");
    expect(main?.volumeMounts).toContainEqual({ name: "config", mountPath: "/etc/chroma", readOnly: true });
    const config = named<V1ConfigMap>(rendered, "ConfigMap", "chroma-config");
    const logConfig = parse(config.data?.["log_config.yml"] ?? "") as {
      handlers: Record<string, { class: string }>;
    };
    expect(Object.values(logConfig.handlers).map((handler) => handler.class)).toEqual(["logging.StreamHandler"]);
  });

  it("sets requests and limits on every container, small enough for a laptop cluster", async () => {
    const rendered = await render(helm);
    for (const { owner, spec } of podSpecs(rendered)) {
      for (const container of allContainers(spec)) {
        const { requests, limits } = container.resources ?? {};
        for (const quantity of [requests?.cpu, requests?.memory, limits?.cpu, limits?.memory]) {
          expect(quantity, `${owner} ${container.name}`).toBeTruthy();
        }
      }
    }
    const millicores = (cpu: string) => (cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
    const mebibytes = (memory: string) =>
      memory.endsWith("Gi") ? Number(memory.slice(0, -2)) * 1024 : Number(memory.replace(/Mi$/, ""));
    let cpu = 0;
    let memory = 0;
    for (const deployment of deployments(rendered)) {
      const requests = deployment.spec?.template.spec?.containers[0].resources?.requests ?? {};
      cpu += millicores(String(requests.cpu)) * (deployment.spec?.replicas ?? 1);
      memory += mebibytes(String(requests.memory)) * (deployment.spec?.replicas ?? 1);
    }
    // A laptop node of 2 CPUs and 4 GiB (minikube start --cpus 2 --memory 4g): the MCP server alone
    // needs about 1 GiB for torch, chromadb and its embedding model.
    expect(cpu).toBeLessThanOrEqual(1500);
    expect(memory).toBeLessThanOrEqual(3072);
  });
});
