// The supervisors' BPMN modeler as window.NrmBpmnModeler: bpmn-js's Modeler with the properties
// panel, bpmn-js-properties-panel's provider, NRM's provider for the spiffworkflow extensions
// the engine reads, and the page's language. api/static/modeler.js creates it:
//   new NrmBpmnModeler({ container, propertiesPanel: { parent }, nrm: { texts, choices, check } })
import BpmnModeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import spiffworkflow from "./spiffworkflow.json";
import NrmProviderModule from "./provider";
import TranslateModule from "./translate";

export default class NrmBpmnModeler extends BpmnModeler {}

NrmBpmnModeler.prototype._modules = [
  ...BpmnModeler.prototype._modules,
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  NrmProviderModule,
  TranslateModule,
];
NrmBpmnModeler.prototype._moddleExtensions = { spiffworkflow };

window.NrmBpmnModeler = NrmBpmnModeler;
