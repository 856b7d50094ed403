// Draws the case's BPMN with the bpmn-js viewer and outlines the tasks that are waiting.
(function () {
  "use strict";
  var container = document.getElementById("diagram");
  if (!container || typeof BpmnJS === "undefined") { return; }
  var active = JSON.parse(container.getAttribute("data-active") || "[]");
  var viewer = new BpmnJS({ container: container });
  fetch(container.getAttribute("data-xml"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("diagram: HTTP " + response.status); }
      return response.text();
    })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      canvas.zoom("fit-viewport", "auto");
      active.forEach(function (id) {
        if (registry.get(id)) { canvas.addMarker(id, "nrm-active"); }
      });
      container.setAttribute("data-rendered", "true");
    })
    .catch(function (error) {
      container.textContent = String(error);
      container.setAttribute("data-rendered", "error");
    });
})();
