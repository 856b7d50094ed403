// The visual diff of two versions (or of a draft and the version it edits): the newer diagram
// drawn by the bpmn-js viewer, added elements green and changed ones blue. Removed elements are
// not in the newer diagram, so the page lists them in words.
(function () {
  "use strict";
  if (typeof BpmnJS === "undefined") { return; }
  function mark(canvas, registry, ids, marker) {
    ids.forEach(function (id) {
      if (registry.get(id)) { canvas.addMarker(id, marker); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".nrm-diff"), function (container) {
    var viewer = new BpmnJS({ container: container });
    viewer.importXML(container.getAttribute("data-xml"))
      .then(function () {
        var canvas = viewer.get("canvas");
        var registry = viewer.get("elementRegistry");
        canvas.zoom("fit-viewport", "auto");
        mark(canvas, registry, JSON.parse(container.getAttribute("data-added")), "nrm-added");
        mark(canvas, registry, JSON.parse(container.getAttribute("data-changed")), "nrm-changed");
        container.setAttribute("data-rendered", "true");
      })
      .catch(function (error) {
        container.textContent = String(error);
        container.setAttribute("data-rendered", "error");
      });
  });
})();
