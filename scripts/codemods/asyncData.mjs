#!/usr/bin/env node
/**
 * Moves modules from the synchronous better-sqlite3 layer (`Db`, `.get()/.all()/.run()`) onto the
 * asynchronous data layer (`Data`, db/client.ts), and awaits every caller of what became async,
 * across the project, to a fixpoint. What it cannot rewrite safely it lists with file:line.
 *
 *   node scripts/codemods/asyncData.mjs [--dry-run] [--project tsconfig.json] <files or folders…>
 *
 * See scripts/codemods/README.md for what it rewrites and what it leaves to a human.
 */
import ts from 'typescript';
import { existsSync, readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const CLIENT = 'src/lib/server/db/client.ts';
const DATA_MODULE = 'src/lib/server/db/data.ts';
const EFFECTS = 'src/lib/server/effects/index.ts';
const ERRORS = 'tests/integration/support/errors.ts';
/** The synchronous effects runners and their twins on the data layer. */
const TRANSACT = { transact: 'transactOn', transactAndWait: 'transactOnAndWait' };
const SCHEMA = /(^|\/)db\/schema(\/index)?(\.ts)?$/;
/** Builder entry points of the drizzle handle that exist on `data.q` as well. */
const BUILDERS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'with', 'query', '$count']);
/** The test runner's functions, whose callbacks may be async. */
const TEST_HOOKS = new Set(['it', 'test', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);

/** @param {string[]} argv */
export function run(argv, { root = process.cwd(), log = console.log } = {}) {
	const args = [...argv];
	const dryRun = pull(args, '--dry-run');
	const projectIdx = args.indexOf('--project');
	const project = projectIdx >= 0 ? args.splice(projectIdx, 2)[1] : 'tsconfig.json';
	const targets = new Set(args.flatMap((a) => filesUnder(resolve(root, a))));
	if (targets.size === 0) throw new Error('no .ts files given');

	const program = createProgram(resolve(root, project), targets);
	const checker = program.getTypeChecker();
	const state = new State(root, program, checker);
	state.targets = targets;
	for (const file of targets) {
		const sf = program.getSourceFile(file);
		if (!sf) throw new Error(`${file} is not in the project`);
		convertModule(state, sf);
	}
	cascade(state);
	dropUnusedCodeOf(state);
	listSvelteCallers(state);
	const changed = state.apply(dryRun);
	const report = state.report(changed);
	log(report);
	return { changed, listed: state.listed, awaited: state.awaitedCalls, asyncified: state.asyncified.size };
}

function pull(args, flag) {
	const i = args.indexOf(flag);
	if (i >= 0) args.splice(i, 1);
	return i >= 0;
}

function filesUnder(path) {
	if (!existsSync(path)) throw new Error(`${path} does not exist`);
	if (statSync(path).isFile()) return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
	return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function createProgram(tsconfig, extra) {
	const config = ts.readConfigFile(tsconfig, ts.sys.readFile);
	if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
	const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfig));
	const names = new Set([...parsed.fileNames.filter((f) => !f.endsWith('.svelte')), ...extra]);
	return ts.createProgram({ rootNames: [...names], options: { ...parsed.options, noEmit: true } });
}

class State {
	constructor(root, program, checker) {
		this.root = root;
		this.program = program;
		this.checker = checker;
		/** @type {Map<string, {pos:number,end:number,text:string,order:number}[]>} */
		this.edits = new Map();
		/** @type {{at:string, what:string}[]} */
		this.listed = [];
		/** Function-like nodes made async. */
		this.asyncified = new Set();
		/** Their symbols, for finding the callers. */
		this.asyncSymbols = new Map();
		/** Per file: names to import from db/client and db/data. */
		this.imports = new Map();
		this.awaitedCalls = 0;
		this.seq = 0;
		this.awaitedNodes = new Set();
		this.txCallbacks = new Set();
		/** Per test file: how many `codeOf(() => …)` became `refusalOf(…)`. */
		this.codeOfReplaced = new Map();
		/** Receivers already rewritten as part of a larger edit (`db.select` → `data.q.select`). */
		this.renamed = new Set();
		/** Parameters renamed `db` → `data`. */
		this.dataSymbols = new Set();
		this.targets = new Set();
	}
	edit(sf, pos, end, text) {
		const list = this.edits.get(sf.fileName) ?? [];
		list.push({ pos, end, text, order: this.seq++ });
		this.edits.set(sf.fileName, list);
	}
	list(node, what) {
		const sf = node.getSourceFile();
		const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
		const at = `${relative(this.root, sf.fileName)}:${line + 1}`;
		if (!this.listed.some((l) => l.at === at && l.what === what)) this.listed.push({ at, what });
	}
	need(sf, name, from = 'client') {
		const m = this.imports.get(sf.fileName) ?? { client: new Set(), data: new Set(), effects: new Set(), errors: new Set() };
		m[from].add(name);
		this.imports.set(sf.fileName, m);
	}
	apply(dryRun) {
		for (const [file, names] of this.imports) {
			const sf = this.program.getSourceFile(file);
			// A name the module imports already (a route that used getData before) is not imported twice.
			const imported = new Set(
				sf.statements
					.filter(ts.isImportDeclaration)
					.flatMap((s) => (s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings) ? s.importClause.namedBindings.elements : []))
					.map((e) => e.name.text)
			);
			for (const from of ['client', 'data', 'effects', 'errors']) {
				for (const name of names[from]) if (imported.has(name.replace(/^type /, ''))) names[from].delete(name);
				if (names[from].size === 0) continue;
				const target = { client: CLIENT, data: DATA_MODULE, effects: EFFECTS, errors: ERRORS }[from];
				// The project's alias where the module already uses it (routes), else a relative path.
				const aliased = sf.statements.some((s) => ts.isImportDeclaration(s) && s.moduleSpecifier.text.startsWith('$lib/'));
				const spec =
					aliased && target.startsWith('src/lib/')
						? target
								.replace(/^src\/lib\//, '$lib/')
								.replace(/\.ts$/, '')
								.replace(/\/index$/, '')
						: moduleSpecifier(this.root, file, target);
				const sorted = [...names[from]].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
				const last = sf.statements.filter(ts.isImportDeclaration).at(-1);
				const at = last ? last.end : 0;
				const typesOnly = sorted.every((n) => n.startsWith('type '));
				const clause = typesOnly ? `type { ${sorted.map((n) => n.slice(5)).join(', ')} }` : `{ ${sorted.join(', ')} }`;
				this.edit(sf, at, at, `${last ? '\n' : ''}import ${clause} from '${spec}';${last ? '' : '\n'}`);
			}
		}
		const written = new Map();
		for (const [file, list] of this.edits) {
			let text = readFileSync(file, 'utf8');
			// At one place: a replacement first, then the insertions, each made later landing left of
			// the earlier (an outer wrapper is made after what it wraps). Nothing may land inside a
			// replaced range.
			const sorted = [...list].sort((a, b) => b.pos - a.pos || Number(b.end > b.pos) - Number(a.end > a.pos) || a.order - b.order);
			let floor = Infinity;
			for (const e of sorted) {
				if (e.end > floor) throw new Error(`overlapping edits in ${relative(this.root, file)} at ${e.pos}`);
				text = text.slice(0, e.pos) + e.text + text.slice(e.end);
				if (e.end > e.pos) floor = e.pos;
			}
			written.set(file, text);
		}
		// Only once every file's edits applied cleanly: a failure leaves the project as it was.
		if (!dryRun) for (const [file, text] of written) writeFileSync(file, text);
		return [...written.keys()].map((file) => relative(this.root, file));
	}
	report(changed) {
		const lines = [`asyncData: ${changed.length} files rewritten, ${this.asyncified.size} functions made async, ${this.awaitedCalls} calls awaited`];
		if (this.listed.length) {
			lines.push(`${this.listed.length} sites for a human:`);
			for (const l of [...this.listed].sort((a, b) => a.at.localeCompare(b.at, undefined, { numeric: true }))) lines.push(`  ${l.at}  ${l.what}`);
		}
		return lines.join('\n');
	}
}

function moduleSpecifier(root, fromFile, toRootRelative) {
	let spec = relative(dirname(fromFile), resolve(root, toRootRelative))
		.split(sep)
		.join('/')
		.replace(/\.ts$/, '')
		.replace(/\/index$/, '');
	if (!spec.startsWith('.')) spec = `./${spec}`;
	return spec;
}

// ---------------------------------------------------------------------------------------------
// One module: parameters, tables, terminal calls, transactions.
// ---------------------------------------------------------------------------------------------

const isFunctionLike = (n) =>
	ts.isFunctionDeclaration(n) ||
	ts.isFunctionExpression(n) ||
	ts.isArrowFunction(n) ||
	ts.isMethodDeclaration(n) ||
	ts.isGetAccessor(n) ||
	ts.isSetAccessor(n) ||
	ts.isConstructorDeclaration(n);

function typeName(node) {
	return node && ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) ? node.typeName.text : undefined;
}

/** Whether `name` in `x.name()` is a method of drizzle's SQLite builders (not an array's or a Map's `.get`). */
function isSqliteBuilderMethod(checker, name) {
	const decl = checker.getSymbolAtLocation(name)?.declarations?.[0];
	const file = decl?.getSourceFile().fileName ?? '';
	return file.includes('drizzle-orm') && file.includes('sqlite');
}

function convertModule(state, sf) {
	const { checker } = state;
	/** Parameter symbols renamed `db` → `data`, with the function declaring them. */
	const dataParams = new Map();
	/** Transaction handles (`tx: Tx` or a `db.transaction` callback's parameter). */
	const txParams = new Set();
	const tablesOf = new Map(); // function node → Set of table names
	const tableImports = new Map(); // name → import specifier node
	const keepTable = new Set();
	/** `transact`/`transactAndWait` imported by name, and whether each call of it was rewritten. */
	const transactImports = new Map();

	for (const stmt of sf.statements) {
		if (!ts.isImportDeclaration(stmt) || !SCHEMA.test(stmt.moduleSpecifier.text)) continue;
		const bindings = stmt.importClause?.namedBindings;
		if (stmt.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
		for (const el of bindings.elements) if (!el.isTypeOnly && el.name.text in pgTables(state)) tableImports.set(el.name.text, el);
	}

	for (const stmt of sf.statements) {
		const bindings = ts.isImportDeclaration(stmt) ? stmt.importClause?.namedBindings : undefined;
		if (!bindings || !ts.isNamedImports(bindings) || !/(^|\/)effects(\/(index|transact))?$/.test(stmt.moduleSpecifier.text)) continue;
		for (const el of bindings.elements) if (el.name.text in TRANSACT) transactImports.set(el.name.text, { el, all: true });
	}

	// The tables of `data.t` have PostgreSQL's types: an alias of one comes from pg-core (its
	// proxy is the same on both dialects at run time); anything else from sqlite-core needs a person.
	for (const stmt of sf.statements) {
		if (!ts.isImportDeclaration(stmt) || stmt.moduleSpecifier.text !== 'drizzle-orm/sqlite-core') continue;
		const bindings = stmt.importClause?.namedBindings;
		const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name.text) : [];
		if (names.length > 0 && names.every((n) => n === 'alias'))
			state.edit(sf, stmt.moduleSpecifier.getStart(), stmt.moduleSpecifier.end, "'drizzle-orm/pg-core'");
		else state.list(stmt, 'an import from drizzle-orm/sqlite-core: the data layer takes PostgreSQL types (pg-core, or drizzle-orm)');
	}

	const visit = (node) => {
		// Parameters.
		if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.type) {
			const t = typeName(node.type);
			if (t === 'Db') {
				dataParams.set(checker.getSymbolAtLocation(node.name), node.parent);
				state.dataSymbols.add(checker.getSymbolAtLocation(node.name));
				state.edit(sf, node.name.getStart(), node.type.end, 'data: Data');
				state.need(sf, 'type Data');
			} else if (t === 'Tx' || (ts.isTypeReferenceNode(node.type) && typeName(node.type) === 'Pick' && /\bDb\b/.test(node.type.getText()))) {
				txParams.add(checker.getSymbolAtLocation(node.name));
				state.edit(sf, node.type.getStart(), node.type.end, 'Query');
				state.need(sf, 'type Query');
			}
		}
		// Tables.
		if (ts.isIdentifier(node) && tableImports.has(node.text) && !ts.isImportSpecifier(node.parent)) {
			const symbol = checker.getSymbolAtLocation(node);
			const imported = checker.getSymbolAtLocation(tableImports.get(node.text).name);
			if (symbol === imported && !(ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node)) {
				const owner = dataOwner(node, dataParams, checker);
				if (ts.findAncestor(node, ts.isTypeQueryNode)) {
					keepTable.add(node.text);
					state.list(node, `the SQLite table \`${node.text}\` as a type: use the PostgreSQL schema's (Tables['${node.text}'])`);
				} else if (owner) {
					const set = tablesOf.get(owner) ?? new Set();
					set.add(node.text);
					tablesOf.set(owner, set);
				} else {
					keepTable.add(node.text);
					state.list(node, `table \`${node.text}\` used where no \`data\` is in scope: pass \`data\` (or its tables) in`);
				}
			}
		}
		if (ts.isCallExpression(node)) convertCall(state, sf, node, dataParams, txParams);
		if (ts.isPropertyAccessExpression(node) && node.name.text === '$client')
			state.list(node, 'raw statement on `$client`: rewrite with data.rows/data.execute');
		if (ts.isIdentifier(node) && node.text === 'preparedFor' && !ts.isImportSpecifier(node.parent))
			state.list(node, '`preparedFor` prepared statement: rewrite as a plain awaited builder');
		if (ts.isIdentifier(node) && node.text in TRANSACT && ts.isCallExpression(node.parent) && node.parent.expression === node)
			convertTransact(state, sf, node.parent, dataParams, txParams, transactImports);
		ts.forEachChild(node, visit);
	};
	visit(sf);

	// `db` → `data` wherever the renamed parameter is used (builders were already turned into data.q).
	const renameRefs = (node) => {
		if (ts.isIdentifier(node) && !ts.isParameter(node.parent)) {
			const symbol = checker.getSymbolAtLocation(node);
			if (symbol && dataParams.has(symbol) && !state.renamed.has(node)) {
				if (ts.isShorthandPropertyAssignment(node.parent)) state.edit(sf, node.getStart(), node.end, `${node.text}: data`);
				else state.edit(sf, node.getStart(), node.end, 'data');
			}
		}
		ts.forEachChild(node, renameRefs);
	};
	renameRefs(sf);

	// Tables from the handle, at the top of each function that uses them.
	for (const [fn, names] of tablesOf) {
		const body = fn.body;
		const decl = `const { ${[...names].sort().join(', ')} } = data.t;`;
		if (body && ts.isBlock(body)) {
			const indent = indentOf(sf, body.statements[0] ?? body);
			state.edit(sf, body.getStart() + 1, body.getStart() + 1, `\n${indent}${decl}`);
		} else if (body) {
			const indent = indentOf(sf, fn) + '\t';
			state.edit(sf, body.getStart(), body.getStart(), `{\n${indent}${decl}\n${indent}return `);
			state.edit(sf, body.end, body.end, `;\n${indentOf(sf, fn)}}`);
		}
	}
	// `transact` no longer called: its import goes (the twin was imported in its place).
	const unusedTransact = new Map();
	for (const { el, all } of transactImports.values()) if (all) unusedTransact.set(el.parent, [...(unusedTransact.get(el.parent) ?? []), el]);
	for (const [named, gone] of unusedTransact) dropImported(state, sf, named, gone);
	// Imports of tables no longer used by name: the whole import when none is left.
	const byImport = new Map();
	for (const el of tableImports.values()) byImport.set(el.parent, [...(byImport.get(el.parent) ?? []), el]);
	for (const [named, tables] of byImport) {
		const gone = tables.filter((el) => !keepTable.has(el.name.text));
		if (gone.length) dropImported(state, sf, named, gone);
	}
	// Imports of Db and Tx that nothing uses any more.
	for (const stmt of sf.statements) {
		if (!ts.isImportDeclaration(stmt) || !/(^|\/)db(\/index)?$/.test(stmt.moduleSpecifier.text)) continue;
		const bindings = stmt.importClause?.namedBindings;
		if (!bindings || !ts.isNamedImports(bindings)) continue;
		const gone = bindings.elements.filter((e) => ['Db', 'Tx'].includes(e.name.text) && !usedOutsideParams(sf, e.name.text));
		if (gone.length) dropImported(state, sf, bindings, gone);
	}
	// Local `type Tx = Pick<Db, …>` aliases: the parameters now say Query.
	for (const stmt of sf.statements)
		if (ts.isTypeAliasDeclaration(stmt) && stmt.name.text === 'Tx' && /\bDb\b/.test(stmt.type.getText())) removeStatement(state, sf, stmt);
}

/** A statement with its line (and the blank line after it, if any, so no gap is left). */
function removeStatement(state, sf, stmt) {
	let end = stmt.end;
	if (sf.text[end] === '\n') end++;
	if (sf.text[end] === '\n' && sf.text[stmt.getStart() - 1] === '\n' && sf.text[stmt.getStart() - 2] === '\n') end++;
	state.edit(sf, stmt.getStart(), end, '');
}

function pgTables(state) {
	if (state.pgTableNames) return state.pgTableNames;
	const file = resolve(state.root, 'src/lib/server/db/schema-pg/index.ts');
	const sf = state.program.getSourceFile(file);
	const symbol = sf && state.checker.getSymbolAtLocation(sf);
	state.pgTableNames = Object.fromEntries((symbol ? state.checker.getExportsOfModule(symbol) : []).map((s) => [s.name, true]));
	return state.pgTableNames;
}

function usedOutsideParams(sf, name) {
	let used = false;
	const walk = (n) => {
		if (used) return;
		if (ts.isTypeReferenceNode(n) && typeName(n) === name) {
			const p = n.parent;
			const isParamType = ts.isParameter(p) && p.type === n;
			const isPickInParam = ts.isTypeReferenceNode(p) && ts.isParameter(p.parent);
			const isTxAlias =
				ts.isTypeAliasDeclaration(ts.findAncestor(n, ts.isTypeAliasDeclaration) ?? n) && ts.findAncestor(n, ts.isTypeAliasDeclaration)?.name.text === 'Tx';
			if (!isParamType && !isPickInParam && !isTxAlias) used = true;
		}
		if (ts.isTypeQueryNode(n) && n.exprName.getText() === name) used = true;
		ts.forEachChild(n, walk);
	};
	walk(sf);
	return used;
}

/** Drops some names from an import: the statement goes when none is left, else its list is written anew. */
function dropImported(state, sf, named, gone) {
	const left = named.elements.filter((e) => !gone.includes(e));
	const clause = named.parent;
	if (left.length === 0 && !clause.name) return removeStatement(state, sf, clause.parent);
	if (left.length === 0) return state.edit(sf, clause.name.end, named.end, '');
	state.edit(sf, named.getStart(), named.end, `{ ${left.map((e) => e.getText()).join(', ')} }`);
}

function indentOf(sf, node) {
	const start = node.getStart();
	const lineStart = sf.text.lastIndexOf('\n', start - 1) + 1;
	return /^[\t ]*/.exec(sf.text.slice(lineStart))[0];
}

/** The innermost function whose `data` parameter is in scope at `node`. */
function dataOwner(node, dataParams) {
	const owners = new Set(dataParams.values());
	for (let n = node.parent; n; n = n.parent) if (owners.has(n)) return n;
	return undefined;
}

/**
 * `transact(db, (tx, effects) => …)` → `await transactOn(data, async (tx, effects) => …)`, and
 * `transactAndWait` likewise: the effects runner of the data layer, with the same effects.
 */
function convertTransact(state, sf, call, dataParams, txParams, transactImports) {
	const name = call.expression.text;
	const [handle, cb] = call.arguments;
	const symbol = handle && ts.isIdentifier(handle) ? state.checker.getSymbolAtLocation(handle) : undefined;
	const imported = transactImports.get(name);
	if (!symbol || !dataParams.has(symbol) || !cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) {
		if (imported) imported.all = false;
		state.list(call, `\`${name}\` on a handle that is not the moved parameter, or without a function literal: transactOn by hand`);
		return;
	}
	const p = cb.parameters[0];
	if (p && ts.isIdentifier(p.name)) txParams.add(state.checker.getSymbolAtLocation(p.name));
	const effects = cb.parameters[1];
	if (effects?.type && typeName(effects.type) === 'Effects') {
		state.edit(sf, effects.type.getStart(), effects.type.end, 'DataEffects');
		state.need(sf, 'type DataEffects', 'effects');
	}
	state.edit(sf, call.expression.getStart(), call.expression.end, TRANSACT[name]);
	state.need(sf, TRANSACT[name], 'effects');
	state.txCallbacks.add(cb);
	markAsync(state, cb);
	awaitCall(state, call, ts.findAncestor(call.parent, isFunctionLike));
}

function convertCall(state, sf, call, dataParams, txParams) {
	const { checker } = state;
	const callee = call.expression;
	if (!ts.isPropertyAccessExpression(callee)) return;
	const name = callee.name.text;
	const receiver = callee.expression;
	const receiverSymbol = ts.isIdentifier(receiver) ? checker.getSymbolAtLocation(receiver) : undefined;
	const isData = receiverSymbol && dataParams.has(receiverSymbol);
	const isTx = receiverSymbol && txParams.has(receiverSymbol);
	const fn = ts.findAncestor(call.parent, isFunctionLike);

	// db.select()… → data.q.select()…
	if (isData && BUILDERS.has(name)) {
		state.edit(sf, receiver.getStart(), receiver.end, 'data.q');
		state.renamed.add(receiver);
		return;
	}
	// db.transaction((tx) => …) → await data.transaction(async (tx) => …)
	if (isData && name === 'transaction') {
		const cb = call.arguments[0];
		if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) {
			const p = cb.parameters[0];
			if (p && ts.isIdentifier(p.name)) txParams.add(checker.getSymbolAtLocation(p.name));
			if (call.arguments.length > 1) state.list(call, 'transaction options (behavior): data.transaction takes { isolation }');
			state.txCallbacks.add(cb);
			markAsync(state, cb);
			awaitCall(state, call, fn);
		} else state.list(call, 'transaction with a callback that is not a function literal');
		return;
	}
	// Raw SQL on the handle.
	if ((isData || isTx) && ['run', 'all', 'get', 'values'].includes(name) && call.arguments.length === 1) {
		const via = isTx ? `, ${receiver.getText()}` : '';
		if (isTx && !dataInScope(call, dataParams)) {
			state.list(call, `raw \`${receiver.getText()}.${name}(sql)\` in a function without \`data\`: data.execute/data.rows(sql, tx)`);
			return;
		}
		if (!markAsync(state, fn, call)) return;
		const arg = call.arguments[0];
		const method = name === 'run' ? 'execute' : 'rows';
		const head = `${name === 'get' ? 'first(' : ''}await data.${method}(`;
		state.edit(sf, call.getStart(), arg.getStart(), head);
		state.edit(sf, arg.end, call.end, `${via})${name === 'get' ? ')' : ''}`);
		if (name === 'get') state.need(sf, 'first');
		if (name === 'values') state.list(call, '`.values(sql)` gave arrays; data.rows gives objects');
		state.renamed.add(receiver);
		return;
	}
	// Terminal calls on builders.
	if (call.arguments.length === 0 && ['get', 'all', 'run', 'values'].includes(name) && isSqliteBuilderMethod(checker, callee.name)) {
		if (name === 'values') {
			state.list(call, '`.values()` (rows as arrays): map the awaited rows');
			return;
		}
		if (!markAsync(state, fn, call)) return;
		const parent = call.parent;
		const changes = name === 'run' && ts.isPropertyAccessExpression(parent) && parent.expression === call && parent.name.text === 'changes';
		if (changes) {
			state.edit(sf, receiver.getStart(), receiver.getStart(), 'changedRows(await ');
			state.edit(sf, receiver.end, parent.end, ')');
			state.need(sf, 'changedRows');
		} else if (name === 'get' && insertReturning(receiver)) {
			// The row an insert just wrote: drizzle typed `.get()` as the row, not as possibly none.
			state.edit(sf, receiver.getStart(), receiver.getStart(), '(await ');
			state.edit(sf, receiver.end, call.end, ')[0]');
		} else if (name === 'get') {
			state.edit(sf, receiver.getStart(), receiver.getStart(), 'first(await ');
			state.edit(sf, receiver.end, call.end, ')');
			state.need(sf, 'first');
		} else {
			const wrap = needsParens(call);
			state.edit(sf, receiver.getStart(), receiver.getStart(), wrap ? '(await ' : 'await ');
			state.edit(sf, receiver.end, call.end, wrap ? ')' : '');
		}
	}
}

/** `….insert(t).values(…)….returning(…)`: the chain's methods, from the outermost call inwards. */
function insertReturning(expr) {
	const names = [];
	for (let e = expr; ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression); e = e.expression.expression) names.push(e.expression.name.text);
	return names[0] === 'returning' && names.at(-1) === 'insert';
}

function dataInScope(node, dataParams) {
	return dataOwner(node, dataParams) !== undefined;
}

function needsParens(expr) {
	const p = expr.parent;
	return (
		(ts.isPropertyAccessExpression(p) && p.expression === expr) ||
		(ts.isElementAccessExpression(p) && p.expression === expr) ||
		(ts.isCallExpression(p) && p.expression === expr) ||
		ts.isNonNullExpression(p) ||
		ts.isAsExpression(p)
	);
}

// ---------------------------------------------------------------------------------------------
// Async: a function that awaits becomes async; its callers await it, to a fixpoint.
// ---------------------------------------------------------------------------------------------

/** Why `fn` may not simply become async, or undefined when it may. */
function unsafeToAsync(state, fn) {
	if (!fn) return 'at module level';
	if (ts.isConstructorDeclaration(fn)) return 'in a constructor';
	if (ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) return 'in an accessor';
	if (fn.asteriskToken) return 'in a generator';
	const p = fn.parent;
	if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(p) && p.arguments.includes(fn)) {
		if (state.txCallbacks.has(fn)) return undefined;
		const callee = p.expression;
		const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
		if (name === 'transaction') return isAsyncTransaction(p) ? undefined : 'in a synchronous transaction';
		if (TEST_HOOKS.has(name) || TEST_HOOKS.has(rootName(callee))) return undefined;
		if (awaitsCallback(state, fn)) return undefined;
		return `in a callback of \`${callee.getText().slice(0, 40)}\``;
	}
	return undefined;
}

/** A callback whose parameter's type lets it return a promise (`run: (d) => R | Promise<R>`, as handleForm's). */
function awaitsCallback(state, fn) {
	const type = state.checker.getContextualType(fn);
	const signatures = type ? state.checker.getSignaturesOfType(type, ts.SignatureKind.Call) : [];
	return (
		signatures.length > 0 &&
		signatures.every((sig) => {
			const ret = sig.getReturnType();
			return ret.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) ? false : /\b(Promise|PromiseLike)</.test(state.checker.typeToString(ret));
		})
	);
}

function rootName(expr) {
	while (ts.isPropertyAccessExpression(expr) || ts.isCallExpression(expr)) expr = expr.expression;
	return ts.isIdentifier(expr) ? expr.text : '';
}

/** A transaction whose callback may be async: data.transaction (not the synchronous db.transaction). */
function isAsyncTransaction(call) {
	return /^(data|this\.data|\w+\.data)\.transaction$/.test(call.expression.getText());
}

function markAsync(state, fn, because) {
	if (!fn || state.asyncified.has(fn)) return true;
	if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
	const why = unsafeToAsync(state, fn);
	if (why) {
		state.list(because ?? fn, `await needed ${why}: rewrite by hand`);
		return false;
	}
	const sf = fn.getSourceFile();
	state.asyncified.add(fn);
	const at = ts.isArrowFunction(fn)
		? fn.getStart()
		: ts.isMethodDeclaration(fn)
			? fn.name.getStart()
			: fn
					.getChildren()
					.find((c) => c.kind === ts.SyntaxKind.FunctionKeyword)
					.getStart();
	state.edit(sf, at, at, 'async ');
	if (fn.type && !/^Promise</.test(fn.type.getText())) {
		state.edit(sf, fn.type.getStart(), fn.type.getStart(), 'Promise<');
		state.edit(sf, fn.type.end, fn.type.end, '>');
	}
	const symbol = functionSymbol(state.checker, fn);
	if (symbol) state.asyncSymbols.set(symbol, fn);
	else if (!ts.isCallExpression(fn.parent)) state.list(fn, 'made async, but its callers cannot be found by symbol: check them');
	return true;
}

function functionSymbol(checker, fn) {
	if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn.name && checker.getSymbolAtLocation(fn.name);
	const p = fn.parent;
	if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return checker.getSymbolAtLocation(p.name);
	if (ts.isPropertyAssignment(p)) return checker.getSymbolAtLocation(p.name);
	return undefined;
}

function awaitCall(state, call, fn) {
	if (state.awaitedNodes.has(call)) return;
	const p = call.parent;
	if (ts.isAwaitExpression(p)) return;
	state.awaitedNodes.add(call);
	if (refusalOfInstead(state, call, fn)) return;
	if (!markAsync(state, fn, call)) return;
	const sf = call.getSourceFile();
	const wrap = needsParens(call);
	state.edit(sf, call.getStart(), call.getStart(), wrap ? '(await ' : 'await ');
	if (wrap) state.edit(sf, call.end, call.end, ')');
	state.awaitedCalls++;
}

/**
 * A test's `codeOf(() => command(…))` (tests/integration/support/errors.ts) for a command that
 * became async: `await refusalOf(command(…))`, the same question asked of the promise.
 */
function refusalOfInstead(state, call, fn) {
	if (!fn || !ts.isArrowFunction(fn) || fn.body !== call || fn.parameters.length > 0) return false;
	const outer = fn.parent;
	if (!ts.isCallExpression(outer) || !ts.isIdentifier(outer.expression) || outer.arguments.length !== 1 || outer.arguments[0] !== fn) return false;
	const declaration = state.checker.getResolvedSignature(outer)?.getDeclaration();
	if (outer.expression.text !== 'codeOf' || !declaration?.getSourceFile().fileName.endsWith(ERRORS)) return false;
	const sf = call.getSourceFile();
	state.edit(sf, outer.getStart(), fn.body.getStart(), 'refusalOf(');
	state.need(sf, 'refusalOf', 'errors');
	state.codeOfReplaced.set(sf, (state.codeOfReplaced.get(sf) ?? 0) + 1);
	awaitCall(state, outer, ts.findAncestor(outer.parent, isFunctionLike));
	return true;
}

/** `codeOf` imported where every call of it became `refusalOf`: the import goes. */
function dropUnusedCodeOf(state) {
	for (const [sf, replaced] of state.codeOfReplaced) {
		let calls = 0;
		const walk = (n) => {
			if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'codeOf') calls++;
			ts.forEachChild(n, walk);
		};
		walk(sf);
		if (calls !== replaced) continue;
		for (const stmt of sf.statements) {
			const bindings = ts.isImportDeclaration(stmt) ? stmt.importClause?.namedBindings : undefined;
			if (!bindings || !ts.isNamedImports(bindings)) continue;
			const gone = bindings.elements.filter((e) => e.name.text === 'codeOf');
			if (gone.length) dropImported(state, sf, bindings, gone);
		}
	}
}

function cascade(state) {
	const { checker, program } = state;
	// Not SvelteKit's generated copies of the routes (.svelte-kit/types): they follow the routes.
	const files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !/\/(node_modules|\.svelte-kit)\//.test(f.fileName));
	const seen = new Set();
	for (let round = 0; ; round++) {
		const todo = [...state.asyncSymbols.keys()].filter((s) => !seen.has(s));
		if (todo.length === 0) break;
		todo.forEach((s) => seen.add(s));
		const wanted = new Set(todo);
		for (const sf of files) {
			const walk = (node) => {
				if (ts.isIdentifier(node)) {
					let symbol = checker.getSymbolAtLocation(node);
					if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
					if (symbol && wanted.has(symbol) && !isDeclarationName(node)) reference(state, node);
				}
				ts.forEachChild(node, walk);
			};
			walk(sf);
		}
	}
}

function isDeclarationName(node) {
	const p = node.parent;
	return (
		((ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) && p.name === node) ||
		ts.isImportSpecifier(p) ||
		ts.isExportSpecifier(p) ||
		ts.isImportClause(p)
	);
}

function reference(state, id) {
	let callee = id;
	if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
	const call = callee.parent;
	if (ts.isCallExpression(call) && call.expression === callee) {
		const fn = ts.findAncestor(call.parent, isFunctionLike);
		awaitCall(state, call, fn);
		argumentsToData(state, call);
		return;
	}
	if (ts.isTypeQueryNode(callee.parent) || ts.findAncestor(id, ts.isTypeNode)) {
		state.list(id, `\`typeof ${id.text}\` in a type: the type now says Promise`);
		return;
	}
	state.list(id, `\`${id.text}\` became async but is passed as a value here: its user must await it`);
}

/** A caller that passed `getDb()` where the callee now takes `data` passes `getData()`; a test, its own file's handle. */
function argumentsToData(state, call) {
	const sf = call.getSourceFile();
	const declaration = state.checker.getResolvedSignature(call)?.getDeclaration();
	if (!declaration || !state.targets.has(declaration.getSourceFile().fileName)) return;
	call.arguments.forEach((arg, i) => {
		const param = declaration.parameters?.[i];
		if (!param || typeName(param.type) !== 'Db') return;
		if (ts.isIdentifier(arg) && state.dataSymbols.has(state.checker.getSymbolAtLocation(arg))) return;
		const fromGetDb = (e) => ts.isCallExpression(e) && e.expression.getText() === 'getDb' && e.arguments.length === 0;
		// `const db = getDb()` and then `f(db)`: the process's one handle either way.
		const origin = ts.isIdentifier(arg) ? state.checker.getSymbolAtLocation(arg)?.valueDeclaration : undefined;
		const local = origin && ts.isVariableDeclaration(origin) && origin.initializer && fromGetDb(origin.initializer);
		if (fromGetDb(arg) || local) {
			state.edit(sf, arg.getStart(), arg.end, 'getData()');
			state.need(sf, 'getData', 'data');
		} else if (relative(state.root, sf.fileName).startsWith('tests/')) {
			// A test's own database file: the data layer's handle on that same connection.
			state.edit(sf, arg.getStart(), arg.end, `sqliteData(${arg.getText()}.$client)`);
			state.need(sf, 'sqliteData', 'client');
		} else state.list(arg, `passes \`${arg.getText().slice(0, 30)}\` (a Db) where the function now takes Data`);
	});
}

/** Svelte components are not in the TypeScript program: list those importing a module that changed. */
function listSvelteCallers(state) {
	const changed = new Set([...state.asyncified].map((fn) => fn.getSourceFile().fileName.replace(/\.ts$/, '')));
	const walk = (dir) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name.endsWith('.svelte')) {
				const text = readFileSync(path, 'utf8');
				for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
					const spec = m[1].startsWith('$lib/')
						? resolve(state.root, 'src/lib', m[1].slice(5))
						: m[1].startsWith('.')
							? resolve(dirname(path), m[1])
							: undefined;
					if (spec && changed.has(spec.replace(/\.ts$/, ''))) {
						const line = text.slice(0, m.index).split('\n').length;
						state.listed.push({
							at: `${relative(state.root, path)}:${line}`,
							what: `Svelte file imports ${m[1]}, which now has async functions: check its calls`
						});
					}
				}
			}
		}
	};
	const src = resolve(state.root, 'src');
	if (existsSync(src)) walk(src);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		const { listed } = run(process.argv.slice(2));
		process.exitCode = listed.length ? 2 : 0;
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	}
}
