// The block of each stateless application component (api, worker, mcp, …).
import { component } from "../components.ts";
import { strict } from "./builders.ts";
import { image } from "./image.ts";
import { scaling } from "./scaling.ts";
import { ingress, service } from "./service.ts";
import { workload } from "./workload.ts";

export function applicationValues(name: string) {
  const definition = component(name);
  return strict(`${definition.description}`, {
    image: image("overrides of the shared application image", {
      registry: "",
      repository: "",
      tag: "",
      pullPolicy: "",
    }),
    ...workload(definition),
    ...scaling(definition),
    ...(definition.service ? { service: service(definition) } : {}),
    ...(definition.service?.type === "NodePort" ? { ingress } : {}),
  });
}
