// The Pod Security Standards "restricted" profile (baseline controls included), checked on every
// pod template the chart renders, so a namespace labelled pod-security.kubernetes.io/enforce=restricted
// admits every pod. Rule names follow the controls in the Kubernetes Pod Security Standards page.
import type { V1Capabilities, V1PodSpec, V1SecurityContext } from "@kubernetes/client-node";
import { objectName } from "../chart/helm-template.ts";
import type { Finding, ToolResult } from "./findings.ts";
import { containersOf, podTemplates } from "./pod-templates.ts";
import type { RenderedProfile } from "./render.ts";
import { type ValuesOrigins, valuesOrigins } from "./values-origins.ts";

const allowedVolumeTypes = new Set([
  "name",
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
const safeSysctls = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const allowedSeLinuxTypes = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

interface Check {
  rule: string;
  field: string;
  /** True when the control is met. */
  ok: boolean;
  message: string;
}

function podChecks(spec: V1PodSpec): Check[] {
  const pod = spec.securityContext ?? {};
  const checks: Check[] = [
    ...(["hostNetwork", "hostPID", "hostIPC"] as const).map((field) => ({
      rule: "host-namespaces",
      field,
      ok: !spec[field],
      message: `remove ${field}: restricted pods may not share the node's namespaces`,
    })),
    {
      rule: "host-process",
      field: "securityContext.windowsOptions.hostProcess",
      ok: !pod.windowsOptions?.hostProcess,
      message: "remove hostProcess: restricted pods may not run as Windows host processes",
    },
    {
      rule: "sysctls",
      field: "securityContext.sysctls",
      ok: (pod.sysctls ?? []).every((sysctl) => safeSysctls.has(sysctl.name)),
      message: "set only the safe sysctls the Pod Security Standards list",
    },
  ];
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => !allowedVolumeTypes.has(key));
    checks.push({
      rule: types.includes("hostPath") ? "host-path-volumes" : "volume-types",
      field: `volumes[${volume.name}]`,
      ok: types.length === 0,
      message: `use configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral or persistentVolumeClaim instead of ${types.join(", ")}`,
    });
  }
  return checks;
}

function capabilityChecks(capabilities: V1Capabilities | undefined, field: string): Check[] {
  const added = capabilities?.add ?? [];
  return [
    {
      rule: "capabilities",
      field: `${field}.capabilities.add`,
      ok: added.every((capability) => capability === "NET_BIND_SERVICE"),
      message: `add no capability but NET_BIND_SERVICE (found ${added.join(", ")})`,
    },
    {
      rule: "capabilities",
      field: `${field}.capabilities.drop`,
      ok: (capabilities?.drop ?? []).includes("ALL"),
      message: "drop ALL capabilities (capabilities.drop: [ALL])",
    },
  ];
}

/** Controls that a container meets by its own securityContext or, where the standard allows, by the pod's. */
function containerChecks(spec: V1PodSpec, own: V1SecurityContext, field: string): Check[] {
  const pod = spec.securityContext ?? {};
  const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
  const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  const runAsUser = own.runAsUser ?? pod.runAsUser;
  const seLinux = [own.seLinuxOptions, pod.seLinuxOptions];
  const appArmor = [own.appArmorProfile?.type, pod.appArmorProfile?.type];
  return [
    {
      rule: "privileged",
      field: `${field}.privileged`,
      ok: !own.privileged,
      message: "set privileged to false: restricted pods may not run privileged containers",
    },
    {
      rule: "privilege-escalation",
      field: `${field}.allowPrivilegeEscalation`,
      ok: own.allowPrivilegeEscalation === false,
      message: "set allowPrivilegeEscalation: false",
    },
    {
      rule: "running-as-non-root",
      field: `${field}.runAsNonRoot`,
      ok: runAsNonRoot === true,
      message: "set runAsNonRoot: true on the container or the pod (and not false on the container)",
    },
    {
      rule: "running-as-non-root-user",
      field: `${field}.runAsUser`,
      ok: runAsUser !== 0,
      message: "run as a non-zero UID: runAsUser 0 is root",
    },
    {
      rule: "seccomp",
      field: `${field}.seccompProfile.type`,
      ok: seccomp === "RuntimeDefault" || seccomp === "Localhost",
      message: "set seccompProfile.type to RuntimeDefault (on the pod or the container)",
    },
    {
      rule: "proc-mount",
      field: `${field}.procMount`,
      ok: !own.procMount || own.procMount === "Default",
      message: "leave procMount unset or Default",
    },
    {
      rule: "selinux",
      field: `${field}.seLinuxOptions`,
      ok: seLinux.every((options) => !options?.user && !options?.role && allowedSeLinuxTypes.has(options?.type ?? "")),
      message: "set no SELinux user or role, and only a container_* type",
    },
    {
      rule: "apparmor",
      field: `${field}.appArmorProfile.type`,
      ok: appArmor.every((type) => !type || type === "RuntimeDefault" || type === "Localhost"),
      message: "use the RuntimeDefault or a Localhost AppArmor profile",
    },
    ...capabilityChecks(own.capabilities, field),
  ];
}

/**
 * Where a check's field is reported: inside the manifest (`spec.template.spec.containers[api].…`),
 * or, for a container or volume the values added, at its values path, with the field relative to
 * it in the message (`api.sidecars[0] (container "shell")`: `securityContext.privileged: …`).
 */
function located(check: Check, specPath: string, origins: ValuesOrigins): Check {
  const [, list, name, rest] = check.field.match(/^(initContainers|containers|volumes)\[([^\]]*)\]\.?(.*)$/) ?? [];
  const origin = list ? origins.paths.get(`${list}[${name}]`) : undefined;
  if (!origin) return { ...check, field: `${specPath}.${check.field}` };
  const what = list === "volumes" ? "volume" : "container";
  return {
    ...check,
    field: `${origin} (${what} "${name}")`,
    message: rest ? `${rest}: ${check.message}` : check.message,
  };
}

export function checkPodSecurity(renders: RenderedProfile[]): ToolResult {
  const findings: Finding[] = [];
  let checks = 0;
  for (const render of renders) {
    for (const template of podTemplates(render.objects)) {
      const { owner, specPath, spec } = template;
      const object = `${objectName(owner)} (${render.label})`;
      const all: Check[] = podChecks(spec);
      for (const { container, path } of containersOf(spec)) {
        all.push(...containerChecks(spec, container.securityContext ?? {}, `${path}.securityContext`));
        for (const port of container.ports ?? []) {
          all.push({
            rule: "host-ports",
            field: `${path}.ports[${port.name ?? port.containerPort}].hostPort`,
            ok: !port.hostPort,
            message: "remove hostPort: expose the port through a Service",
          });
        }
      }
      checks += all.length;
      const origins = valuesOrigins(render.values, template);
      for (const check of all.filter((candidate) => !candidate.ok).map((found) => located(found, specPath, origins))) {
        findings.push({ tool: "pod-security", rule: check.rule, object, field: check.field, message: check.message });
      }
    }
  }
  return { tool: "pod-security", checks, findings };
}
