// dmn-js's Viewer as window.DmnJS: the decision tables of a process, read only.
import DmnViewer from "dmn-js/lib/Viewer";

window.DmnJS = DmnViewer;
