// dmn-js's Modeler for the decision tables of a process, as window.NrmDmnModeler.
import DmnModeler from "dmn-js/lib/Modeler";

window.NrmDmnModeler = DmnModeler;
