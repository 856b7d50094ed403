// bpmn-js's Viewer as window.BpmnJS, for the diagrams pages only read: a case, a replay, a diff.
import Viewer from "bpmn-js/lib/Viewer";

window.BpmnJS = Viewer;
