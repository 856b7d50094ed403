// NRM's additions to bpmn-js: the properties provider, the choices it offers (config.nrm.choices:
// forms, processes, documents, decisions, lanes) and the server check of what is typed
// (config.nrm.check(kind, text) → Promise of the problem, or null).
import NrmPropertiesProvider from "./NrmPropertiesProvider";

function NrmChoices(config) {
  const choices = (config && config.choices) || {};
  return { forms: [], processes: [], documents: [], decisions: [], lanes: [], ...choices };
}
NrmChoices.$inject = ["config.nrm"];

/** The last answer per (kind, text): typing back to an earlier text asks nothing again. */
function NrmChecker(config) {
  const answers = new Map();
  const ask = (config && config.check) || (() => Promise.resolve(null));
  return {
    check(kind, text) {
      const key = `${kind}\u0000${text}`;
      if (!answers.has(key)) {
        answers.set(key, ask(kind, text).catch((error) => String(error.message || error)));
      }
      return answers.get(key);
    },
  };
}
NrmChecker.$inject = ["config.nrm"];

export default {
  __init__: ["nrmPropertiesProvider"],
  nrmPropertiesProvider: ["type", NrmPropertiesProvider],
  nrmChoices: ["factory", NrmChoices],
  nrmChecker: ["factory", NrmChecker],
};
