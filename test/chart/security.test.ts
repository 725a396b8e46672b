// Every pod is secure by default: the Pod Security "restricted" essentials, an explicit
// non-root uid, a read-only root filesystem where the image allows it, and sized resources.
import { describe, expect, it } from "vitest";
import { allContainers, deployments, helms, podSpecs, render } from "../render.ts";

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

  it("mounts the root filesystem read-only everywhere but Chroma, whose image writes its log beside its code", async () => {
    for (const { owner, spec } of podSpecs(await render(helm))) {
      for (const container of allContainers(spec)) {
        expect(container.securityContext?.readOnlyRootFilesystem, owner).toBe(owner !== "Deployment/chroma");
      }
    }
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
    // A default minikube node has 2 CPUs and 2 GiB of memory to spare.
    expect(cpu).toBeLessThanOrEqual(1500);
    expect(memory).toBeLessThanOrEqual(2048);
  });
});
