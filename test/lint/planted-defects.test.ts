// The lint catches real defects: each test plants one in a copy of the chart and checks that the
// engine behind `npm run lint` names it (tool/rule, object and field), as a user reading CI would.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/project-root.ts";
import { apiContainerFile, lintWithPlant, replaceIn, setValue } from "./planted-chart.ts";

describe("npm run lint's engine on the chart as generated", () => {
  it("finds nothing (no version baseline: the copy is not a commit)", async () => {
    const { lines } = await lintWithPlant(() => {}, undefined, "every profile");
    expect(lines).toEqual([]);
  });
});

describe("npm run lint's engine on planted defects", () => {
  it("an unknown field: kubeconform -strict names the object and the field", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(
        chart,
        "templates/api/deployment.yaml",
        /revisionHistoryLimit: 5/,
        "revisionHistoryLimit: 5\n  replica: 3",
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^kubeconform\/unknown-field: Deployment\/api .*Kubernetes 1\.32\.13\) spec: .*'replica' not allowed/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^kubeconform\/unknown-field: Deployment\/api .*Kubernetes 1\.36\.3\)/),
    );
  });

  it("a privileged container: the restricted profile's privileged control", async () => {
    const { lines } = await lintWithPlant((chart) =>
      setValue(chart, ["api", "containerSecurityContext", "privileged"], true),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pod-security\/privileged: Deployment\/api \(default\) spec\.template\.spec\.containers\[api\]\.securityContext\.privileged: /,
      ),
    );
  });

  it("a container running as root: the restricted profile's runAsUser control", async () => {
    const { lines } = await lintWithPlant((chart) => setValue(chart, ["api", "podSecurityContext", "runAsUser"], 0));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pod-security\/running-as-non-root-user: Deployment\/api .*containers\[api\]\.securityContext\.runAsUser: run as a non-zero UID/,
      ),
    );
  });

  it("a user's privileged sidecar, root init container and hostPath volume: named by their values paths", async () => {
    const { lines } = await lintWithPlant((chart) => {
      const secure = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };
      setValue(
        chart,
        ["api", "sidecars"],
        [{ name: "shell", image: "busybox:1.37.0", securityContext: { privileged: true } }],
      );
      const root = { name: "setup", image: "busybox:1.37.0", securityContext: { ...secure, runAsUser: 0 } };
      setValue(chart, ["global", "initContainers"], [root]);
      setValue(chart, ["redis", "extraVolumes"], [{ name: "host", hostPath: { path: "/var/run" } }]);
    });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pod-security\/privileged: Deployment\/api \(default\) api\.sidecars\[0\] \(container "shell"\): securityContext\.privileged: set privileged to false/,
      ),
    );
    // A sidecar without a securityContext of its own breaks more controls, each named alike.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pod-security\/privilege-escalation: Deployment\/api \(default\) api\.sidecars\[0\] \(container "shell"\): securityContext\.allowPrivilegeEscalation: /,
      ),
    );
    // global's init container reaches every component's pod and the migrations Job.
    for (const object of ["Deployment/worker", "Deployment/postgres", "Job/migrations"]) {
      expect(lines).toContainEqual(
        `pod-security/running-as-non-root-user: ${object} (default) global.initContainers[0] (container "setup"): securityContext.runAsUser: run as a non-zero UID: runAsUser 0 is root`,
      );
    }
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pod-security\/host-path-volumes: Deployment\/redis \(default\) redis\.extraVolumes\[0\] \(volume "host"\): use configMap, .* instead of hostPath/,
      ),
    );
    // The chart's own pods stay clean: only the user's additions are reported.
    expect(
      lines.filter(
        (line) => line.startsWith("pod-security/") && !/\.(sidecars|initContainers|extraVolumes)\[/.test(line),
      ),
    ).toEqual([]);
  });

  it("a hostPath volume: the restricted profile's hostPath control", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(chart, apiContainerFile(chart), /^(\s*)emptyDir: \{\}/m, "$1hostPath: { path: /tmp }"),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^pod-security\/host-path-volumes: Deployment\/api .*spec\.template\.spec\.volumes\[/),
    );
  });

  it("a Service selector that matches nothing: integrity names the Service", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(
        chart,
        "templates/api/service.yaml",
        /(selector:\n.*cryptoflow\.selectorLabels.*\n)/,
        '$1    planted: "nothing"\n',
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^integrity\/service-selector: Service\/api \(default\) spec\.selector: no rendered pod/),
    );
  });

  it("a probe on an undeclared port: integrity names the container's probe", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(chart, apiContainerFile(chart), /(livenessProbe:[\s\S]*?port: )http/, "$19999"),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^integrity\/probe-port: Deployment\/api .*containers\[api\]\.livenessProbe: probe port 9999 is not a declared port/,
      ),
    );
  });

  it("a duplicated env var: integrity names the variable (Helm 4's server-side apply would refuse it)", async () => {
    const { lines } = await lintWithPlant((chart) =>
      setValue(chart, ["api", "extraEnv"], [{ name: "REDIS_URL", value: "redis://elsewhere:6379/0" }]),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^integrity\/duplicate-env: Deployment\/api .*containers\[api\]\.env: env var REDIS_URL appears more than once/,
      ),
    );
  });

  it("a Service pointing at a missing port: integrity names the Service port", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(chart, "templates/api/service.yaml", /targetPort: http/, "targetPort: metrics"),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^integrity\/service-target-port: Service\/api \(default\) spec\.ports\[http\]\.targetPort: targetPort metrics is not a declared container port/,
      ),
    );
  });

  it("a latest tag: integrity and kube-score both name the image", async () => {
    const { lines } = await lintWithPlant((chart) => setValue(chart, ["image", "tag"], "latest"));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^integrity\/image-tag: Deployment\/api .*containers\[api\]\.image: image ".*:latest" has the tag latest/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^kube-score\/container-image-tag: Deployment\/api /));
  });

  it("a values.yaml that breaks yamllint's rules: ct lint names the file and line", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(chart, "values.yaml", /^(prefixWithReleaseName: \S+)$/m, "$1   "),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^chart-testing\/yamllint: chart values\.yaml:\d+: trailing spaces/),
    );
  });

  it("names cut to 63 characters at the end: integrity finds the two objects that meet on one name", async () => {
    // The chart's 0.4 naming: with a 53-character release, test-api-connections was cut to test-api.
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(
        chart,
        "templates/_helpers.tpl",
        /printf "%s-%s" \(\$prefix \| trunc [^\n]*\.component -\}\}/,
        'printf "%s-%s" $prefix .component | trunc 63 | trimSuffix "-" -}}',
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^integrity\/duplicate-object: Pod\/long-release-name-x+-test-api \(default, prefixWithReleaseName=true, migrations\.mode=plain\) metadata\.name: the render already has a Pod\/long-release-name-x+-test-api/,
      ),
    );
  });

  it("a template helm cannot render: helm lint on Helm 3 and Helm 4", async () => {
    const { lines } = await lintWithPlant((chart) =>
      replaceIn(
        chart,
        "templates/api/service.yaml",
        /^kind: Service$/m,
        "kind: Service\n{{ .Values.planted.missing }}",
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^helm-lint\/helm3 error: /));
    expect(lines).toContainEqual(expect.stringMatching(/^helm-lint\/helm4 error: /));
  });

  it("a chart change without a version bump: ct's version-increment check against the committed chart", async () => {
    // The copy keeps the committed chart's version even while chart/ carries an uncommitted bump.
    const committedVersion = execFileSync("git", ["show", "HEAD:chart/Chart.yaml"], {
      cwd: projectRoot,
      encoding: "utf8",
    }).match(/^version: (\S+)$/m)?.[1];
    if (!committedVersion) throw new Error("no version in the committed chart/Chart.yaml");
    const { lines } = await lintWithPlant(
      (chart) => {
        replaceIn(chart, "Chart.yaml", /^version: \S+$/m, `version: ${committedVersion}`);
        replaceIn(chart, "templates/api/service.yaml", /^kind: Service$/m, "kind: Service\n# planted change");
      },
      { repo: projectRoot, ref: "HEAD", path: "chart" },
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^chart-testing\/version-increment: chart Chart\.yaml version: the chart changed but its version did not/,
      ),
    );
  });
});
