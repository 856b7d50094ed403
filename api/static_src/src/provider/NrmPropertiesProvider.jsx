// NRM's properties provider: the panel's groups for what the engine reads off a diagram
// (engine/workflow, engine/procedures/rules.py), in the supervisors' words.
//
// - a gateway's outgoing flow: its condition (a restricted Python expression)
// - a script task: its script (restricted Python)
// - a timer: its kind and expression (a text in quotes, ISO 8601, or setting("…"))
// - a user task: the form it shows (spiffworkflow:property formJsonSchemaFilename)
// - a service task: the document a generate_document action issues, the process a
//   start_linked_case action opens (spiffworkflow:serviceTaskOperator parameters)
// - a call activity: the process it calls; a business rule task: the decision it evaluates
// - every element: its documentation, the clause of the agreement it follows
// - a lane: its name, chosen from the roles (a lane is the role its tasks go to)
// Conditions, scripts and timers are checked by the server's restricted evaluator while the
// supervisor types (NrmChecker); the publishing check and the draft check the whole diagram.
import { is, getBusinessObject } from "bpmn-js/lib/util/ModelUtil";
import {
  Group,
  SelectEntry,
  TextAreaEntry,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
} from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { useEffect, useState } from "@bpmn-io/properties-panel/preact/hooks";

const LOW_PRIORITY = 500; // after bpmn-js-properties-panel's own provider (1000)
const FORM_PROPERTY = "formJsonSchemaFilename";
const TIMER_KINDS = ["timeDuration", "timeDate", "timeCycle"];

export default class NrmPropertiesProvider {
  constructor(propertiesPanel, translate) {
    this._translate = translate;
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element) {
    return (groups) => {
      const translate = this._translate;
      const general = groups.find((group) => group.id === "general");
      if (general && is(element, "bpmn:Lane")) {
        general.entries = general.entries.map((entry) =>
          entry.id === "name" ? { id: "name", component: LaneRole, isEdited: isSelectEntryEdited } : entry,
        );
      }
      const documentation = groups.find((group) => group.id === "documentation");
      if (documentation) {
        documentation.label = translate("Documentation");
        documentation.entries = documentation.entries.map((entry) =>
          entry.id === "documentation"
            ? { id: "documentation", component: Clause, isEdited: isTextAreaEntryEdited }
            : entry,
        );
      }
      const withoutTimer = groups.filter((group) => group.id !== "timer");
      const ours = [
        conditionGroup(element, translate),
        scriptGroup(element, translate),
        timerGroup(element, translate),
        formGroup(element, translate),
        actionGroup(element, translate),
        calledGroup(element, translate),
      ].filter(Boolean);
      // Ours come right after the general group: they are what a supervisor changes most.
      const at = general ? withoutTimer.indexOf(general) + 1 : 0;
      return [...withoutTimer.slice(0, at), ...ours, ...withoutTimer.slice(at)];
    };
  }
}

NrmPropertiesProvider.$inject = ["propertiesPanel", "translate"];

/** The services an entry uses, by the names the entries call them. */
function useNrm() {
  return {
    translate: useService("translate"),
    modeling: useService("modeling"),
    bpmnFactory: useService("bpmnFactory"),
    debounce: useService("debounceInput"),
    choices: useService("nrmChoices"),
    checker: useService("nrmChecker"),
  };
}

function group(id, label, entries) {
  return { id, label, entries, component: Group };
}

/** A group of one entry of the same id, shown when `applies`. */
function single(applies, id, label, component, isEdited) {
  return applies ? group(id, label, [{ id, component, isEdited }]) : null;
}

// --- conditions ------------------------------------------------------------------------------

function isGatewayFlow(element) {
  if (!is(element, "bpmn:SequenceFlow")) return false;
  const source = getBusinessObject(element).sourceRef;
  return is(source, "bpmn:ExclusiveGateway") || is(source, "bpmn:InclusiveGateway");
}

function conditionGroup(element, translate) {
  return single(isGatewayFlow(element), "nrm-condition", translate("Condition"), Condition, isTextAreaEntryEdited);
}

function Condition({ element }) {
  const { translate, modeling, bpmnFactory } = useNrm();
  const bo = getBusinessObject(element);
  if (bo.sourceRef && bo.sourceRef.default === bo) {
    return (
      <p class="bio-properties-panel-description nrm-default-flow" data-testid="default-flow">
        {translate("The default flow: taken when no other condition holds. It has no condition.")}
      </p>
    );
  }
  return (
    <CheckedText
      element={element}
      id="nrm-condition"
      kind="condition"
      label={translate("Condition (taken when true)")}
      description={translate("A Python expression over the case's fields, e.g. child_wishes_return == True")}
      getValue={() => (bo.conditionExpression && bo.conditionExpression.body) || ""}
      setValue={(value) => {
        const text = (value || "").trim();
        modeling.updateProperties(element, {
          conditionExpression: text ? bpmnFactory.create("bpmn:FormalExpression", { body: text }) : undefined,
        });
      }}
    />
  );
}

// --- scripts ---------------------------------------------------------------------------------

function scriptGroup(element, translate) {
  return single(is(element, "bpmn:ScriptTask"), "nrm-script", translate("Script"), Script, isTextAreaEntryEdited);
}

function Script({ element }) {
  const { translate, modeling } = useNrm();
  const bo = getBusinessObject(element);
  return (
    <CheckedText
      element={element}
      id="nrm-script"
      kind="script"
      label={translate("Script")}
      description={translate("Restricted Python: assignments to the case's fields, no imports")}
      rows={6}
      getValue={() => bo.script || ""}
      setValue={(value) => modeling.updateProperties(element, { script: value || undefined })}
    />
  );
}

// --- timers ----------------------------------------------------------------------------------

function timerOf(element) {
  const definitions = getBusinessObject(element).eventDefinitions || [];
  return definitions.find((definition) => is(definition, "bpmn:TimerEventDefinition"));
}

function timerKind(timer) {
  return TIMER_KINDS.find((kind) => timer.get(kind)) || "";
}

function timerGroup(element, translate) {
  if (!timerOf(element)) return null;
  return group("timer", translate("Timer"), [
    { id: "nrm-timer-kind", component: TimerKind, isEdited: isSelectEntryEdited },
    { id: "nrm-timer", component: TimerExpression, isEdited: isTextAreaEntryEdited },
  ]);
}

function TimerKind({ element }) {
  const { translate, modeling, bpmnFactory } = useNrm();
  const timer = timerOf(element);
  return SelectEntry({
    element,
    id: "nrm-timer-kind",
    label: translate("Kind of timer"),
    getValue: () => timerKind(timer),
    getOptions: () => [
      { value: "timeDuration", label: translate("After a duration") },
      { value: "timeDate", label: translate("At a date and time") },
      { value: "timeCycle", label: translate("Repeating") },
    ],
    setValue: (kind) => {
      const old = timerKind(timer);
      const body = old ? timer.get(old).body : "";
      const changes = { timeDuration: undefined, timeDate: undefined, timeCycle: undefined };
      changes[kind] = bpmnFactory.create("bpmn:FormalExpression", { body });
      modeling.updateModdleProperties(element, timer, changes);
    },
  });
}

function TimerExpression({ element }) {
  const { translate, modeling, bpmnFactory } = useNrm();
  const timer = timerOf(element);
  const kind = timerKind(timer) || "timeDuration";
  const hints = {
    timeDuration: translate('An expression giving an ISO 8601 duration in quotes: "P7D" (7 days), "PT12H" (12 hours), or setting("name") (docs/assumptions.md)'),
    timeDate: translate('An expression giving a date and time, e.g. deadline_after(release_date, "P7D")'),
    timeCycle: translate('An expression giving an ISO 8601 repeating interval in quotes: "R3/P7D" (three times, a week apart), "R/P30D" (every 30 days)'),
  };
  return (
    <CheckedText
      element={element}
      id="nrm-timer"
      kind={kind}
      label={translate("Timer expression")}
      description={hints[kind]}
      getValue={() => (timer.get(kind) && timer.get(kind).body) || ""}
      setValue={(value) => {
        const changes = {};
        changes[kind] = bpmnFactory.create("bpmn:FormalExpression", { body: (value || "").trim() });
        modeling.updateModdleProperties(element, timer, changes);
      }}
    />
  );
}

// --- a text the server checks as it is typed ---------------------------------------------------

function CheckedText(props) {
  const { element, id, kind, label, description, getValue, setValue, rows } = props;
  const { debounce, checker } = useNrm();
  const value = getValue(element);
  const [state, setState] = useState({ checked: null, problem: null });
  useEffect(() => {
    let current = true;
    checker.check(kind, value).then((problem) => {
      if (current) setState({ checked: value, problem });
    });
    return () => {
      current = false;
    };
  }, [kind, value]);
  const status = state.checked !== value ? "checking" : state.problem ? "problem" : "ok";
  return (
    <div class="nrm-checked" data-check={status} data-testid={`${id}-check`}>
      {TextAreaEntry({ element, id, label, description, debounce, getValue, setValue, rows, monospace: true })}
      {status === "problem" && (
        <p class="bio-properties-panel-error nrm-problem" role="alert" data-testid={`${id}-problem`}>
          {state.problem}
        </p>
      )}
    </div>
  );
}

// --- the form of a user task -------------------------------------------------------------------

function extensionsOf(bo, type) {
  const extensions = bo.extensionElements;
  return ((extensions && extensions.values) || []).filter((value) => is(value, type));
}

function formProperty(bo) {
  for (const properties of extensionsOf(bo, "spiffworkflow:Properties")) {
    const found = (properties.values || []).find((property) => property.name === FORM_PROPERTY);
    if (found) return found;
  }
  return null;
}

function formGroup(element, translate) {
  return single(is(element, "bpmn:UserTask"), "nrm-form", translate("Form"), TaskForm, isSelectEntryEdited);
}

function TaskForm({ element }) {
  const { translate, modeling, bpmnFactory, choices } = useNrm();
  const bo = getBusinessObject(element);
  const current = formProperty(bo);
  return SelectEntry({
    element,
    id: "nrm-form",
    label: translate("The form this task shows"),
    description: translate("One of the forms of this process (forms/<process>/)"),
    getValue: () => (current && current.value) || "",
    getOptions: () => options(choices.forms, current && current.value, translate),
    setValue: (value) => {
      if (current) {
        modeling.updateModdleProperties(element, current, { value: value || undefined });
        return;
      }
      const property = bpmnFactory.create("spiffworkflow:Property", { name: FORM_PROPERTY, value });
      const properties = bpmnFactory.create("spiffworkflow:Properties", { values: [property] });
      addTo(element, bo, "extensionElements", "bpmn:ExtensionElements", "values", properties, { bpmnFactory, modeling });
    },
  });
}

/** Adds `item` to the list `many` of the container in `owner[one]`, creating the container (a
 * `type`) first when there is none. */
function addTo(element, owner, one, type, many, item, { bpmnFactory, modeling }) {
  let container = owner.get(one);
  if (!container) {
    container = bpmnFactory.create(type, { [many]: [] });
    container.$parent = owner;
    modeling.updateModdleProperties(element, owner, { [one]: container });
  }
  item.$parent = container;
  modeling.updateModdleProperties(element, container, { [many]: [...(container.get(many) || []), item] });
}

/** Select options: the choices, plus the current value marked when it is not one of them. */
function options(choices, current, translate) {
  const list = [{ value: "", label: translate("<none>") }, ...choices.map((choice) =>
    typeof choice === "string" ? { value: choice, label: choice } : choice)];
  if (current && !list.some((option) => option.value === current)) {
    list.push({ value: current, label: translate("{value} (unknown)", { value: current }) });
  }
  return list;
}

// --- service task actions ----------------------------------------------------------------------

function operatorOf(bo) {
  return extensionsOf(bo, "spiffworkflow:ServiceTaskOperator")[0] || null;
}

function parameterOf(operator, name) {
  const list = operator.parameterList;
  return ((list && list.parameters) || []).find((parameter) => parameter.id === name) || null;
}

/** A parameter's value is a Python expression: a chosen name is written as a text in quotes. */
function unquote(value) {
  const match = /^\s*(['"])(.*)\1\s*$/.exec(value || "");
  return match ? match[2] : value || "";
}

const ACTION_PARAMETERS = {
  generate_document: { parameter: "kind", label: "The document it issues", choices: "documents" },
  start_linked_case: { parameter: "process", label: "The process it opens", choices: "processes" },
};

function actionGroup(element, translate) {
  if (!is(element, "bpmn:ServiceTask")) return null;
  const operator = operatorOf(getBusinessObject(element));
  const entries = [{ id: "nrm-action", component: Action }];
  if (operator && ACTION_PARAMETERS[operator.id]) {
    entries.push({ id: "nrm-action-parameter", component: ActionParameter, isEdited: isSelectEntryEdited });
  }
  return group("nrm-action", translate("Action"), entries);
}

function Action({ element }) {
  const { translate } = useNrm();
  const operator = operatorOf(getBusinessObject(element));
  return (
    <div class="bio-properties-panel-entry" data-entry-id="nrm-action">
      <p class="bio-properties-panel-label">{translate("The engine's action")}</p>
      <p class="nrm-action-name" data-testid="nrm-action">
        {operator ? operator.id : translate("<none>")}
      </p>
    </div>
  );
}

function ActionParameter({ element }) {
  const { translate, modeling, bpmnFactory, choices } = useNrm();
  const operator = operatorOf(getBusinessObject(element));
  const spec = ACTION_PARAMETERS[operator.id];
  const parameter = parameterOf(operator, spec.parameter);
  return SelectEntry({
    element,
    id: "nrm-action-parameter",
    label: translate(spec.label),
    getValue: () => unquote(parameter && parameter.value),
    getOptions: () => options(choices[spec.choices], unquote(parameter && parameter.value), translate),
    setValue: (value) => {
      const quoted = value ? `'${value}'` : undefined;
      if (parameter) {
        modeling.updateModdleProperties(element, parameter, { value: quoted });
        return;
      }
      const created = bpmnFactory.create("spiffworkflow:Parameter", { id: spec.parameter, type: "str", value: quoted });
      addTo(element, operator, "parameterList", "spiffworkflow:Parameters", "parameters", created, { bpmnFactory, modeling });
    },
  });
}

// --- called process, called decision ----------------------------------------------------------

function calledGroup(element, translate) {
  if (is(element, "bpmn:CallActivity")) {
    return group("nrm-called", translate("Called process"), [
      { id: "nrm-called-process", component: CalledProcess, isEdited: isSelectEntryEdited },
    ]);
  }
  if (is(element, "bpmn:BusinessRuleTask") && extensionsOf(getBusinessObject(element), "spiffworkflow:CalledDecisionId").length) {
    return group("nrm-called", translate("Decision"), [
      { id: "nrm-called-decision", component: CalledDecision, isEdited: isSelectEntryEdited },
    ]);
  }
  return null;
}

function CalledProcess({ element }) {
  const { translate, modeling, choices } = useNrm();
  const bo = getBusinessObject(element);
  return SelectEntry({
    element,
    id: "nrm-called-process",
    label: translate("The process it calls"),
    getValue: () => bo.calledElement || "",
    getOptions: () => options(choices.processes, bo.calledElement, translate),
    setValue: (value) => modeling.updateProperties(element, { calledElement: value || undefined }),
  });
}

function CalledDecision({ element }) {
  const { translate, modeling, choices } = useNrm();
  const called = extensionsOf(getBusinessObject(element), "spiffworkflow:CalledDecisionId")[0];
  return SelectEntry({
    element,
    id: "nrm-called-decision",
    label: translate("The decision table it evaluates"),
    getValue: () => (called.value || "").trim(),
    getOptions: () => options(choices.decisions, (called.value || "").trim(), translate),
    setValue: (value) => modeling.updateModdleProperties(element, called, { value }),
  });
}

// --- documentation and lanes -------------------------------------------------------------------

function Clause({ element }) {
  const { translate, bpmnFactory, modeling, debounce } = useNrm();
  const bo = getBusinessObject(element);
  const current = (bo.documentation || []).find((doc) => !doc.textFormat || doc.textFormat === "text/plain");
  return TextAreaEntry({
    element,
    id: "documentation",
    label: translate("The clause it follows"),
    description: translate("Cite the clause of the agreement (Art. 5.B.4, Annex 1 D.3) and say why"),
    debounce,
    rows: 4,
    getValue: () => (current && current.text) || "",
    setValue: (value) => {
      if (current) {
        modeling.updateModdleProperties(element, current, { text: value });
        return;
      }
      const created = bpmnFactory.create("bpmn:Documentation", { text: value });
      modeling.updateModdleProperties(element, bo, { documentation: [...(bo.documentation || []), created] });
    },
  });
}

function LaneRole({ element }) {
  const { translate, modeling, choices } = useNrm();
  const bo = getBusinessObject(element);
  return SelectEntry({
    element,
    id: "name",
    label: translate("Role (the lane's name)"),
    description: translate("The tasks in this lane go to the people of this role"),
    getValue: () => bo.name || "",
    getOptions: () => options(choices.lanes, bo.name, translate),
    setValue: (value) => modeling.updateProperties(element, { name: value || undefined }),
  });
}
