// Global setup of the e2e project: starts the real node once for all e2e files (or uses the
// user's cluster when USE_EXISTING_CLUSTER=true, with KUBECONFIG set), prints its readiness
// report, and stops it when the run ends, also when a test failed.
import type { TestProject } from "vitest/node";
import { startNode } from "../../scripts/node/node.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin kubeconfig of the cluster the e2e tests run on. */
    kubeconfig: string;
    /** Where NodePorts answer from the host running the tests. */
    nodeAddress: string;
    /** True on the user's cluster: its images and addresses are the user's. */
    existingCluster: boolean;
    /** The API server's audit log, read by the tests: the node's, or AUDIT_LOG's with USE_EXISTING_CLUSTER. */
    auditLog: string;
  }
}

export default async function startCluster(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.USE_EXISTING_CLUSTER === "true") {
    const kubeconfig = process.env.KUBECONFIG;
    const nodeAddress = process.env.NODE_ADDRESS;
    if (!kubeconfig || !nodeAddress) {
      throw new Error(
        "USE_EXISTING_CLUSTER=true needs KUBECONFIG (one file) and NODE_ADDRESS (an address of a node where NodePort 30000 answers, e.g. `minikube ip`)",
      );
    }
    console.log(`e2e: using the existing cluster from ${kubeconfig}, NodePorts on ${nodeAddress}`);
    project.provide("kubeconfig", kubeconfig);
    project.provide("nodeAddress", nodeAddress);
    project.provide("existingCluster", true);
    project.provide("auditLog", process.env.AUDIT_LOG ?? "");
    return async () => {};
  }
  const node = await startNode();
  console.log(`e2e: real node ready\n  ${node.readiness.join("\n  ")}`);
  project.provide("kubeconfig", node.kubeconfig);
  project.provide("nodeAddress", node.address);
  project.provide("existingCluster", false);
  project.provide("auditLog", node.auditLog);
  return () => node.stop();
}
