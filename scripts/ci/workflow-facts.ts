// What the GitHub workflows read from the project, as `name=value` lines for $GITHUB_OUTPUT: the
// chart's version, the application image and the source it is built from (schema/chart.ts), and
// where the pinned tools land (scripts/tools.ts, scripts/lint/tools.ts), so no workflow repeats a
// version that is defined here.
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { applicationImage, chartMetadata, project, provenanceKey } from "../../schema/chart.ts";
import { chartTestingTool } from "../lint/tools.ts";
import { cosignTool } from "../oci/cosign-tool.ts";
import { projectRoot } from "../project-root.ts";
import { lintVenv, venvDir } from "../python-venv.ts";
import { type GoTool, helmTools, toolPath } from "../tools.ts";

const fromRoot = (path: string) => relative(projectRoot, path);
/** The folder a built tool is in, relative to the repository's root. */
const toolDir = (tool: GoTool) => fromRoot(dirname(toolPath(tool)));

export function workflowFacts(): Record<string, string> {
  const imageRepository = `${applicationImage.registry}/${applicationImage.repository}`;
  return {
    chart: chartMetadata.name,
    version: chartMetadata.version,
    "app-version": chartMetadata.appVersion,
    owner: project.owner,
    "image-repository": imageRepository,
    // The tag the chart deploys by default: an empty image.tag means the appVersion.
    image: `${imageRepository}:${chartMetadata.appVersion}`,
    "application-repository": project.application.repository,
    "application-commit": project.application.commit,
    "signing-key-fingerprint": provenanceKey.fingerprint,
    "helm3-dir": toolDir(helmTools[3]),
    "helm4-dir": toolDir(helmTools[4]),
    "ct-dir": toolDir(chartTestingTool),
    "cosign-dir": toolDir(cosignTool),
    "yamllint-dir": fromRoot(join(venvDir(lintVenv), "bin")),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, value] of Object.entries(workflowFacts())) console.log(`${name}=${value}`);
}
