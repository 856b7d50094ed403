// diagram-js's translate service from the page's texts: { English template: text in the page's
// language } (the gettext domain `pages`, keys panel.*). A template not there stays English.
function Translate(config) {
  const texts = (config && config.texts) || {};
  return function translate(template, replacements) {
    const text = Object.prototype.hasOwnProperty.call(texts, template) ? texts[template] : template;
    return text.replace(/{([^}]+)}/g, (whole, name) =>
      replacements && name in replacements ? replacements[name] : whole);
  };
}
Translate.$inject = ["config.nrm"];

export default { translate: ["factory", Translate] };
