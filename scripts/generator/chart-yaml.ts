// Chart.yaml and Artifact Hub's repository metadata (artifacthub-repo.yml), from schema/chart.ts
// and the images the default values name.
import {
  applicationImage,
  chartMetadata,
  project,
  projectFileUrl,
  projectHome,
  provenanceKey,
} from "../../schema/chart.ts";
import { components } from "../../schema/components.ts";
import { valuesSchema } from "../../schema/values.ts";
import { artifactHubChanges, currentChanges } from "./changelog.ts";
import { yamlText } from "./yaml-text.ts";

interface ImageDefaults {
  registry: string;
  repository: string;
  tag: string;
}

const reference = (image: ImageDefaults) => `${image.registry}/${image.repository}:${image.tag}`;

/** The `helm test` pods' image, as values.yaml sets it. */
function testImage(): ImageDefaults {
  const tests = valuesSchema.properties.tests.properties.image.properties;
  return { registry: tests.registry.default, repository: tests.repository.default, tag: tests.tag.default };
}

/**
 * Every image a default install pulls, test pods included, fully qualified: Artifact Hub scans
 * these, and the Renovate configuration must find exactly these.
 */
function defaultImages(): { name: string; image: string }[] {
  return [
    { name: "cryptoflow", image: reference({ ...applicationImage, tag: chartMetadata.appVersion }) },
    ...components.flatMap((definition) =>
      definition.image ? [{ name: definition.name, image: reference(definition.image) }] : [],
    ),
    { name: "tests", image: reference(testImage()) },
  ];
}

export function chartYaml(header: string): string {
  const links = [
    { name: "source", url: projectHome },
    { name: "changelog", url: `${projectHome}/blob/main/chart/CHANGELOG.md` },
    { name: "issues", url: `${projectHome}/issues` },
    { name: "application", url: project.application.repository },
  ];
  return (
    header +
    yamlText(
      {
        apiVersion: "v2",
        name: chartMetadata.name,
        description: chartMetadata.description,
        type: "application",
        version: chartMetadata.version,
        appVersion: chartMetadata.appVersion,
        kubeVersion: chartMetadata.kubeVersion,
        home: projectHome,
        sources: [projectHome, project.application.repository],
        icon: projectFileUrl("docs/icon.svg"),
        keywords: chartMetadata.keywords,
        maintainers: chartMetadata.maintainers,
        annotations: {
          "artifacthub.io/license": project.license,
          "artifacthub.io/links": yamlText(links),
          "artifacthub.io/signKey": yamlText({
            fingerprint: provenanceKey.fingerprint,
            url: projectFileUrl(provenanceKey.file),
          }),
          "artifacthub.io/changes": artifactHubChanges(currentChanges(chartMetadata.version)),
          "artifacthub.io/images": yamlText(defaultImages()),
        },
      },
      { foldAt: 120 },
    )
  );
}

/**
 * artifacthub-repo.yml, which the release pushes beside the chart as `cryptoflow:artifacthub.io`:
 * the owners Artifact Hub lets claim the repository, and its ID once it is registered.
 */
export function artifactHubRepoYaml(header: string): string {
  return (
    header +
    yamlText({
      ...(project.artifactHubRepositoryID ? { repositoryID: project.artifactHubRepositoryID } : {}),
      owners: chartMetadata.maintainers.map(({ name, email }) => ({ name, email })),
    })
  );
}
