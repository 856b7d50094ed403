// The supervisors' BPMN modeler: bpmn-js with the properties panel and NRM's properties provider
// (the bundle api/static/vendor/bpmn-io, built from api/static_src), the publishing check,
// saving a draft, download. Data comes from data-* attributes (CSP: no inline scripts); the JSON
// API does the work, and checks each condition, script and timer as it is typed.
(function () {
  "use strict";
  var container = document.getElementById("modeler");
  if (!container || typeof NrmBpmnModeler === "undefined") { return; }
  var texts = JSON.parse(container.getAttribute("data-texts"));
  var panel = JSON.parse(container.getAttribute("data-panel"));
  var processId = container.getAttribute("data-process");
  var csrf = container.getAttribute("data-csrf");
  var $ = function (id) { return document.getElementById(id); };
  var unsaved = false;

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          var detail = typeof answer.detail === "string" ? answer.detail : JSON.stringify(answer.detail);
          throw new Error(detail);
        }
        return answer;
      });
    });
  }

  // The panel asks this for each condition, script and timer expression: the problems the
  // publishing rules find in it, or null.
  function checkText(kind, text) {
    return postJSON("/api/modeler/check-text", { kind: kind, text: text }).then(function (answer) {
      return answer.problems.length ? answer.problems.join("; ") : null;
    });
  }

  var modeler = new NrmBpmnModeler({
    container: container,
    // NRM's groups open: they hold what a supervisor changes most.
    propertiesPanel: { parent: "#properties", layout: { groups: {
      general: { open: true }, "nrm-condition": { open: true }, "nrm-script": { open: true },
      timer: { open: true },
      "nrm-form": { open: true }, "nrm-action": { open: true }, "nrm-called": { open: true },
      documentation: { open: true }
    } } },
    nrm: { texts: panel.texts, choices: panel.choices, check: checkText }
  });

  function status(text, kind) {
    var box = $("status");
    box.textContent = text;
    box.className = text ? "alert " + (kind || "") : "";
  }

  function listProblems(problems) {
    var list = $("problems");
    list.textContent = "";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem.message;
      if (problem.element) {
        item.setAttribute("data-element", problem.element);
        item.addEventListener("click", function () { select(problem.element); });
      } else {
        item.title = texts.whole_diagram;
      }
      list.appendChild(item);
    });
  }

  // Selects an element and shows it at full size, its properties in the panel.
  function select(id) {
    var element = modeler.get("elementRegistry").get(id);
    if (!element) { return; }
    var canvas = modeler.get("canvas");
    canvas.zoom(1);
    canvas.scrollToElement(element, { top: 120, bottom: 120, left: 200, right: 200 });
    modeler.get("selection").select(element);
  }

  // A link to /processes/<id>/modeler#element=<element id> opens at that element (the
  // drafts' and versions' pages link to what they name).
  function selectFromAddress() {
    var match = /^#element=([\w.-]+)$/.exec(window.location.hash);
    if (match) { select(match[1]); }
  }

  function post(url, body) {
    return modeler.saveXML({ format: true }).then(function (saved) {
      body.bpmn_xml = saved.xml;
      return postJSON(url, body);
    });
  }

  function check() {
    status("");
    post("/api/processes/" + processId + "/check", {}).then(function (answer) {
      listProblems(answer.problems);
      status(answer.problems.length ? texts.problems : texts.no_problems,
             answer.problems.length ? "error" : "success");
    }).catch(function (error) { status(texts.failed + " " + error.message, "error"); });
  }

  function save() {
    var note = $("change-note").value.trim();
    if (!note) { status(texts.note_required, "error"); $("change-note").focus(); return; }
    // Saving again updates the author's open draft, unless they ask for a separate one.
    var separate = $("separate-draft") !== null && $("separate-draft").checked;
    var body = { change_note: note, separate: separate };
    post("/api/processes/" + processId + "/drafts", body).then(function (draft) {
      listProblems(draft.problems);
      var text = (draft.problems.length ? texts.saved_with_problems : texts.saved)
        .replace("{id}", draft.id);
      status(text, draft.problems.length ? "error" : "success");
      unsaved = false;
      var link = document.createElement("a");
      link.href = "/drafts";
      link.textContent = " →";
      $("status").appendChild(link);
    }).catch(function (error) { status(texts.failed + " " + error.message, "error"); });
  }

  function download() {
    modeler.saveXML({ format: true }).then(function (saved) {
      var url = URL.createObjectURL(new Blob([saved.xml], { type: "application/xml" }));
      var link = document.createElement("a");
      link.href = url;
      link.download = container.getAttribute("data-filename");
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    });
  }

  modeler.on("commandStack.changed", function () { unsaved = true; });
  // Leaving with edits not kept as a draft: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); }
  });
  $("check").addEventListener("click", check);
  $("save").addEventListener("click", save);
  $("download").addEventListener("click", download);

  modeler.importXML(container.getAttribute("data-xml"))
    .then(function () {
      modeler.get("canvas").zoom("fit-viewport", "auto");
      // Once the properties panel listens for selections: it subscribes in Preact effects, which
      // run after the next frame (or 100 ms at the latest).
      window.requestAnimationFrame(function () { window.setTimeout(selectFromAddress, 120); });
      window.addEventListener("hashchange", selectFromAddress);
      container.setAttribute("data-rendered", "true");
    })
    .catch(function (error) {
      status(String(error), "error");
      container.setAttribute("data-rendered", "error");
    });
})();
