// The decisions of a DMN file, read only, with dmn-js's viewer: the requirements diagram (DRD)
// and each decision table, one at a time, chosen from the list of views above it.
(function () {
  "use strict";
  var container = document.getElementById("dmn");
  var menu = document.getElementById("dmn-views");
  if (!container || typeof DmnJS === "undefined") { return; }
  var viewer = new DmnJS({ container: container });

  function showMenu() {
    var active = viewer.getActiveView();
    menu.textContent = "";
    viewer.getViews().forEach(function (view) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = view === active ? "on" : "";
      button.setAttribute("data-view", view.element.id);
      button.textContent = view.type === "drd" ? "DRD" : (view.element.name || view.element.id);
      button.addEventListener("click", function () {
        viewer.open(view).then(showMenu);
      });
      menu.appendChild(button);
    });
  }

  viewer.importXML(container.getAttribute("data-xml"))
    .then(function () {
      showMenu();
      container.setAttribute("data-rendered", "true");
    })
    .catch(function (error) {
      container.textContent = String(error);
      container.setAttribute("data-rendered", "error");
    });
})();
