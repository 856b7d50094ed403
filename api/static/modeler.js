// The supervisors' BPMN modeler: the bpmn-js Modeler (prebuilt bundle, no properties panel) with
// a small side panel for the selected element, the publishing check, saving a draft, download.
// Data comes from data-* attributes (CSP: no inline scripts); the JSON API does the work.
(function () {
  "use strict";
  var container = document.getElementById("modeler");
  if (!container || typeof BpmnJS === "undefined") { return; }
  var texts = JSON.parse(container.getAttribute("data-texts"));
  var processId = container.getAttribute("data-process");
  var csrf = container.getAttribute("data-csrf");
  var modeler = new BpmnJS({ container: container });
  var $ = function (id) { return document.getElementById(id); };
  var TIMER_KINDS = ["timeDuration", "timeDate", "timeCycle"];
  var selected = null;
  var unsaved = false;

  function timerOf(element) {
    var definitions = (element && element.businessObject.eventDefinitions) || [];
    return definitions.filter(function (d) { return d.$type === "bpmn:TimerEventDefinition"; })[0];
  }

  function timerKind(timer) {
    return TIMER_KINDS.filter(function (kind) { return timer[kind]; })[0] || "timeDuration";
  }

  function showPanel(element) {
    selected = element;
    var root = modeler.get("canvas").getRootElement();
    var shown = element && element !== root;
    $("panel-empty").hidden = shown;
    $("panel-fields").hidden = !shown;
    if (!shown) { return; }
    var bo = element.businessObject;
    $("el-id").value = bo.id;
    $("el-type").value = bo.$type.replace("bpmn:", "");
    $("el-name").value = bo.name || "";
    var timer = timerOf(element);
    $("timer-fields").hidden = !timer;
    if (timer) {
      var kind = timerKind(timer);
      $("timer-kind").value = kind;
      $("timer-expression").value = timer[kind] ? timer[kind].body || "" : "";
    }
  }

  function setName() {
    if (!selected) { return; }
    modeler.get("modeling").updateProperties(selected, { name: $("el-name").value });
  }

  function setTimer() {
    var timer = timerOf(selected);
    if (!timer) { return; }
    var kind = $("timer-kind").value;
    var changes = {};
    TIMER_KINDS.forEach(function (other) { changes[other] = undefined; });
    changes[kind] = modeler.get("bpmnFactory").create("bpmn:FormalExpression", {
      body: $("timer-expression").value.trim()
    });
    modeler.get("modeling").updateModdleProperties(selected, timer, changes);
  }

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

  function select(id) {
    var element = modeler.get("elementRegistry").get(id);
    if (!element) { return; }
    modeler.get("selection").select(element);
    modeler.get("canvas").scrollToElement(element);
  }

  function post(url, body) {
    return modeler.saveXML({ format: true }).then(function (saved) {
      body.bpmn_xml = saved.xml;
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body)
      });
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
    post("/api/processes/" + processId + "/drafts", { change_note: note }).then(function (draft) {
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

  modeler.on("selection.changed", function (event) { showPanel(event.newSelection[0] || null); });
  // Undo, redo and canvas edits change the element under the panel: show what it holds now.
  modeler.on("commandStack.changed", function () {
    unsaved = true;
    if (selected) { showPanel(selected); }
  });
  // Leaving with edits not kept as a draft: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); }
  });
  $("el-name").addEventListener("change", setName);
  $("timer-kind").addEventListener("change", setTimer);
  $("timer-expression").addEventListener("change", setTimer);
  $("check").addEventListener("click", check);
  $("save").addEventListener("click", save);
  $("download").addEventListener("click", download);

  modeler.importXML(container.getAttribute("data-xml"))
    .then(function () {
      modeler.get("canvas").zoom("fit-viewport", "auto");
      container.setAttribute("data-rendered", "true");
    })
    .catch(function (error) {
      status(String(error), "error");
      container.setAttribute("data-rendered", "error");
    });
})();
