#!/usr/bin/env node
// Validates rendered Kubernetes manifests (the output of `kubectl kustomize`) offline, against the
// Kubernetes schemas (kubernetes-models) and the prometheus-operator CRDs
// (@kubernetes-models/prometheus-operator).
//
//   kubectl kustomize k8s/overlays/example | node validate.mjs            validate stdin
//   node validate.mjs a.yaml b.yaml                                        validate files
//   kubectl kustomize k8s/base | node validate.mjs --json                  print the documents as a JSON array
//
// Besides the schemas' own checks (types, required fields, enums, formats) it reports fields the
// schema does not know, as `kubectl apply --validate=strict` would: the compiled validators read
// every property they know, so a key that no validator read on an object it inspected is unknown.
// Objects a schema leaves free-form (never inspected) are not judged.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const emitJson = args.includes("--json");
const files = args.filter((a) => a !== "--json");

function readInputs() {
  if (files.length === 0) {
    return [{ name: "<stdin>", text: readFileSync(0, "utf8") }];
  }

  return files.map((f) => ({ name: f, text: readFileSync(f, "utf8") }));
}

function parseDocuments(inputs) {
  const documents = [];
  const problems = [];
  for (const { name, text } of inputs) {
    for (const doc of parseAllDocuments(text)) {
      for (const error of doc.errors) {
        problems.push(`${name}: YAML: ${error.message}`);
      }

      const value = doc.toJS();
      if (value !== null && value !== undefined) {
        documents.push(value);
      }
    }
  }

  return { documents, problems };
}

// apiVersion -> module exporting one model class per kind.
function moduleFor(apiVersion) {
  if (apiVersion === "v1") {
    return "kubernetes-models/v1";
  }

  const [group, version] = apiVersion.split("/");
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  }

  return `kubernetes-models/${group}/${version}`;
}

async function modelFor(apiVersion, kind) {
  try {
    const module = await import(moduleFor(apiVersion));
    return module[kind] ?? null;
  } catch {
    return null;
  }
}

// Wraps a plain object so every property read and every key enumeration is recorded.
function track(value, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }

  const record = { reads: new Set(), enumerated: false, inspected: false };
  seen.set(value, record);
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string") {
        record.inspected = true;
        record.reads.add(key);
      }

      const child = Reflect.get(target, key, receiver);
      return child !== null && typeof child === "object" ? wrapped(child, seen) : child;
    },
    has(target, key) {
      if (typeof key === "string") {
        record.inspected = true;
        record.reads.add(key);
      }

      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.inspected = true;
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

const proxies = new WeakMap();
function wrapped(value, seen) {
  if (!proxies.has(value)) {
    proxies.set(value, track(value, seen));
  }

  return proxies.get(value);
}

function unknownFields(root, seen, path = "") {
  const found = [];
  if (root === null || typeof root !== "object") {
    return found;
  }

  const record = seen.get(root);
  for (const [key, child] of Object.entries(root)) {
    const childPath = `${path}/${key}`;
    if (record && !Array.isArray(root) && record.inspected && !record.enumerated && !record.reads.has(key)) {
      found.push(childPath);
      continue;
    }

    found.push(...unknownFields(child, seen, childPath));
  }

  return found;
}

function describe(doc) {
  const ns = doc?.metadata?.namespace ? `${doc.metadata.namespace}/` : "";
  return `${doc?.kind ?? "?"} ${ns}${doc?.metadata?.name ?? "?"}`;
}

async function validate(documents) {
  const problems = [];
  for (const doc of documents) {
    if (typeof doc !== "object" || !doc.apiVersion || !doc.kind) {
      problems.push(`${describe(doc)}: not a Kubernetes object (apiVersion and kind are required)`);
      continue;
    }

    const Model = await modelFor(doc.apiVersion, doc.kind);
    if (!Model) {
      problems.push(`${describe(doc)}: no schema for ${doc.apiVersion} ${doc.kind} (unknown apiVersion or kind)`);
      continue;
    }

    const seen = new WeakMap();
    try {
      Model.prototype.validate.call(wrapped(doc, seen));
    } catch (error) {
      const details = error.errors?.map((e) => `${e.instancePath || "/"} ${e.message}`) ?? [error.message];
      for (const detail of details) {
        problems.push(`${describe(doc)}: ${detail}`);
      }
    }

    for (const path of unknownFields(doc, seen)) {
      problems.push(`${describe(doc)}: ${path} is not a field of ${doc.apiVersion} ${doc.kind}`);
    }
  }

  return problems;
}

const { documents, problems: parseProblems } = parseDocuments(readInputs());
if (emitJson) {
  if (parseProblems.length > 0) {
    console.error(parseProblems.join("\n"));
    process.exit(1);
  }

  process.stdout.write(JSON.stringify(documents));
  process.exit(0);
}

const problems = [...parseProblems, ...(await validate(documents))];
for (const problem of problems) {
  console.error(problem);
}

if (documents.length === 0) {
  console.error("no Kubernetes objects in the input");
  process.exit(1);
}

console.log(`${documents.length} object(s), ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
