/**
 * Queue-mode copies of the templates and the data they run on, shared by test/e2e/queue and bench/queue-mode.ts.
 *
 * The copies keep every template node with its configuration; they only put a production Webhook trigger in front
 * (webhooks on the main are how executions reach the workers), swap e-mail nodes for No Operation (no SMTP server)
 * and add one small node that picks this call's slice of the work:
 * - payroll: `Webhook` -> Nmbrs: Get Companies -> `Companies of This Call` (Filter on body.companyIds) -> the rest;
 * - client batch: `Webhook` -> `Rows of This Call` (body.rows as items) -> Map Export Columns -> the rest.
 */
import { generateNextensSeed } from '../../../emulators/nextens';
import { generateNmbrsSeed, type NmbrsSeed } from '../../../emulators/nmbrs';
import type { JsonObject, WorkflowInput } from '../../harness/n8n';
import { codeNode, readWorkflow, withWebhookTrigger, withoutEmail } from '../../harness/queue';
import { withoutLinkTable } from '../fixtures/client-sync/harness';

export const PAYROLL_TEMPLATE = 'workflows/payroll-journal-sync.json';
export const CLIENT_BATCH_TEMPLATE = 'workflows/crm-export-to-nextens-batch.json';

export const PAYROLL_PATH = 'queue-payroll-sync';
export const CLIENT_BATCH_PATH = 'queue-client-batch';
export const POST_NODE = 'e-Boekhouden: Post Payroll Journal';
export const NEXTENS_NODE = 'Create or Update in Nextens';

type Node = JsonObject & { name: string; type: string; parameters?: JsonObject; position?: number[] };
type Connections = Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;

/** Inserts `node` on every main connection that leaves `after` (after -> node -> former targets). */
function insertAfter(wf: WorkflowInput, after: string, node: Node): WorkflowInput {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowInput;
	const connections = copy.connections as Connections;
	const targets = connections[after]?.main ?? [[]];
	connections[node.name] = { main: targets };
	connections[after] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	(copy.nodes as Node[]).push(node);
	return copy;
}

/**
 * The payroll journal sync template behind a webhook. POST body `{ "companyIds": [30001, ...] }` syncs those
 * companies (all template nodes unchanged; the filter keeps the companies of this call).
 */
export function payrollWebhookWorkflow(): WorkflowInput {
	let wf = withoutEmail(readWorkflow(PAYROLL_TEMPLATE));
	wf.id = 'queuePayrollSync';
	wf.name = 'Payroll journal sync (queue mode, webhook)';
	wf = insertAfter(wf, 'Nmbrs: Get Companies', {
		id: 'q-filter-companies',
		name: 'Companies of This Call',
		type: 'n8n-nodes-base.filter',
		typeVersion: 2.2,
		position: [-80, 480],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [
					{
						id: 'q-cond-1',
						leftValue: "={{ ($('Webhook').first().json.body.companyIds || []).map(Number).includes(Number($json.id)) }}",
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	});
	return withWebhookTrigger(wf, { path: PAYROLL_PATH, firstNode: 'Nmbrs: Get Companies' });
}

/**
 * The CRM export batch template behind a webhook. POST body `{ "rows": [<export row>, ...] }` upserts those rows
 * (Map Export Columns, In Batches of 10000, Create or Update in Nextens, Summary, Failure Report unchanged).
 */
export function clientBatchWebhookWorkflow(): WorkflowInput {
	// the sync itself in queue mode; the link table is tested in test/e2e/client-links.test.ts
	const wf = withoutEmail(withoutLinkTable(readWorkflow(CLIENT_BATCH_TEMPLATE) as WorkflowInput & { nodes: JsonObject[] }));
	wf.id = 'queueClientBatch';
	wf.name = 'CRM export to Nextens (queue mode, webhook)';
	return withWebhookTrigger(wf, {
		path: CLIENT_BATCH_PATH,
		firstNode: 'Map Export Columns',
		between: [codeNode('Rows of This Call', 'return ($input.first().json.body.rows || []).map((json) => ({ json }));')],
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------------------------

export interface PayrollScenario {
	nmbrs: NmbrsSeed;
	/** e-Boekhouden seed: the demo chart of accounts plus every cost centre the generated journals use. */
	eboekhouden: JsonObject;
	companyIds: number[];
	/** Journal keys (invoice numbers) per company: NMBRS-{companyId}-{year}-{runId}. */
	keysByCompany: Map<number, string[]>;
}

/** Generated Nmbrs companies (ids 30001...) with `runsPerCompany` locked runs in 2025, each with a journal. */
export function payrollScenario(opts: { companies: number; runsPerCompany: number; linesPerJournal?: number }): PayrollScenario {
	const nmbrs = generateNmbrsSeed({
		companies: opts.companies,
		runsPerCompany: opts.runsPerCompany,
		linesPerJournal: opts.linesPerJournal ?? 11,
		year: 2025,
	});
	const keysByCompany = new Map<number, string[]>();
	const costCentres = new Set<string>(['KP01', 'KP02', 'KP03', 'KP04', 'KP05']);
	for (const c of nmbrs.companies as unknown as Array<{ id: number; runs: Array<{ id: number; year: number; journal: { lines: Array<{ costCenter?: string | null }> } | null }> }>) {
		keysByCompany.set(
			c.id,
			c.runs.filter((r) => r.journal).map((r) => `NMBRS-${c.id}-${r.year}-${r.id}`),
		);
		for (const r of c.runs) for (const l of r.journal?.lines ?? []) if (l.costCenter) costCentres.add(l.costCenter);
	}
	return {
		nmbrs,
		eboekhouden: { costCenters: [...costCentres].sort() },
		companyIds: [...keysByCompany.keys()],
		keysByCompany,
	};
}

/** One row of the CRM export (Elements column names, as the batch template's sticky note lists them). */
export type ExportRow = Record<string, string>;

const EXPORT_COLUMNS = [
	'Relatienummer', 'Soort relatie', 'Nextens ID', 'Naam', 'Achternaam', 'Tussenvoegsel', 'Voorletters', 'Voornaam', 'BSN',
	'Geboortedatum', 'Geslacht', 'KvK-nummer', 'RSIN', 'Volgnummer', 'Btw-nummer', 'IBAN', 'E-mail', 'Telefoon algemeen',
	'Telefoon mobiel', 'Telefoon zakelijk',
	...['Bezoekadres', 'Correspondentieadres'].flatMap((a) => ['straat', 'huisnummer', 'toevoeging', 'postcode', 'plaats', 'land'].map((f) => `${a} ${f}`)),
];

/**
 * `count` valid export rows (persons and organisations alternate; every BSN / RSIN passes the 11-proef; about 5 %
 * have no BSN / RSIN and are matched by name). Relatienummer `G-<n>` becomes the Nextens klantnummer.
 */
export function exportRows(count: number): ExportRow[] {
	const seed = generateNextensSeed({ clients: count });
	return (seed.clients as JsonObject[]).map((c) => {
		const row: ExportRow = Object.fromEntries(EXPORT_COLUMNS.map((k) => [k, '']));
		const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
		const address = (label: string, a: JsonObject | null | undefined) => {
			if (!a) return;
			row[`${label} straat`] = s(a.straatnaam);
			row[`${label} huisnummer`] = s(a.huisnummer);
			row[`${label} toevoeging`] = s(a.huisnummertoevoeging);
			row[`${label} postcode`] = s(a.postcode);
			row[`${label} plaats`] = s(a.plaats);
			row[`${label} land`] = s(a.landcode);
		};
		row.Relatienummer = s(c.klantnummer);
		row['E-mail'] = s(c.email);
		if (c.soort === 'persoon') {
			row['Soort relatie'] = 'Persoon';
			row.Achternaam = s(c.achternaam);
			row.Tussenvoegsel = s(c.tussenvoegsel);
			row.Voorletters = s(c.voorletters);
			row.Voornaam = s(c.voornaam);
			row.BSN = s(c.bsn);
			const [y, m, d] = s(c.geboortedatum).split('-');
			row.Geboortedatum = y ? `${d}-${m}-${y}` : '';
			row.Geslacht = c.geslacht === 'vrouw' ? 'V' : 'M';
			row['Telefoon mobiel'] = s((c.telefoonnummers as JsonObject | null)?.mobiel);
			address('Correspondentieadres', c.correspondentieadres as JsonObject | null);
		} else {
			row['Soort relatie'] = 'Organisatie';
			row.Naam = s(c.naam);
			row['KvK-nummer'] = s(c.kvkNummer);
			row.RSIN = s(c.fiscaalNummer);
			row['Btw-nummer'] = s(c.btwNummer);
			row.IBAN = s(c.iban);
			row['Telefoon algemeen'] = s(c.telefoonnummer);
			address('Bezoekadres', c.bezoekadres as JsonObject | null);
		}
		return row;
	});
}

/** Splits a list into `parts` slices of (almost) equal size, in order. */
export function slices<T>(list: T[], parts: number): T[][] {
	const out: T[][] = [];
	const size = Math.ceil(list.length / parts);
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
