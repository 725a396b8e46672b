// The view of templates/NOTES.txt (scripts/templates/NOTES.txt.hbs): what `helm install` prints.
import { componentsWithService, datastores, passwordKeys } from "../../../schema/components.ts";

export const notesView = () => ({
  datastores,
  passwordKeys,
  // A Service a managed service can replace is named only while the chart runs it.
  servicesInNotes: componentsWithService.map((definition) => ({
    name: definition.name,
    valuesKey: definition.external ? definition.valuesKey : false,
  })),
});
