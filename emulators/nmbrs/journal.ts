/**
 * The XML documents Nmbrs returns inside string results (docs/vendors/nmbrs-soap.md): the run journal
 * (Twinfield-style, §5.5) and the per-employee journal report (§4.5). Both are returned as text; soap.ts escapes them into the Result element.
 */
import { NMBRS_JOURNAL_XML, NMBRS_REPORT_XML } from '../assumptions';
import { formatCents, MONTHS_NL, type NmbrsCompany, type NmbrsJournalLine, type NmbrsRun } from './state';
import { escapeText, leaf } from './xml';

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function lineXml(l: NmbrsJournalLine): string {
	let x = '<line>';
	x += l.glCode === '' ? NMBRS_JOURNAL_XML.emptyDim1 : `<dim1>${escapeText(l.glCode)}</dim1>`;
	if (l.costCenter) x += `<dim2>${escapeText(l.costCenter)}</dim2>`;
	if (l.costUnit) x += `<dim3>${escapeText(l.costUnit)}</dim3>`;
	x += `<value>${formatCents(l.amountCents)}</value>`;
	x += `<debitcredit>${l.side}</debitcredit>`;
	x += `<description>${escapeText(l.description)}</description>`;
	return x + '</line>';
}

/** The journal document of a run, or '' when the run has no journal. */
export function journalDocument(company: NmbrsCompany, run: NmbrsRun): string {
	const j = run.journal;
	if (!j) return '';
	if (j.rawXml !== undefined) return j.rawXml;
	const label = company.loonaangifteTijdvak === 'Week4' ? `periode ${run.periodEnd}` : MONTHS_NL[run.periodEnd - 1] ?? `periode ${run.periodEnd}`;
	const description = j.description ?? `Loonjournaal ${label} ${run.year} run ${run.number}`;
	let x = `${NMBRS_JOURNAL_XML.declaration}${NMBRS_JOURNAL_XML.newlineAfterDeclaration}<${NMBRS_JOURNAL_XML.root}><transaction><header>`;
	x += `<date>${j.date.replace(/-/g, '')}</date>`;
	x += `<period>${run.year}/${pad2(run.periodEnd)}</period>`;
	x += `<description>${escapeText(description)}</description>`;
	x += '</header><lines>';
	for (const l of j.lines) x += lineXml(l);
	x += `</lines></transaction></${NMBRS_JOURNAL_XML.root}>`;
	return x;
}

/** Splits integer cents over n weights exactly (the remainder goes to the last part). */
function split(cents: number, weights: number[]): number[] {
	const total = weights.reduce((a, b) => a + b, 0);
	const parts = weights.map((w) => Math.trunc((cents * w) / total));
	parts[parts.length - 1] += cents - parts.reduce((a, b) => a + b, 0);
	return parts;
}

/**
 * The journal report of a company for periods StartPeriod..EndPeriod of Year: one Item per journal line and
 * employee (lines split over the company's employees with fixed weights), for every run whose PeriodEnd is in range.
 */
export function journalReportDocument(company: NmbrsCompany, year: number, startPeriod: number, endPeriod: number): string {
	const employees = company.employees.length ? company.employees : ['Medewerker 1'];
	const weights = employees.map((_, k) => 3 + ((k * 7) % 5));
	let x = `${NMBRS_REPORT_XML.declaration}${NMBRS_JOURNAL_XML.newlineAfterDeclaration}<${NMBRS_REPORT_XML.root}>`;
	x += `<CompanyId>${company.id}</CompanyId><StartPeriod>${startPeriod}</StartPeriod><EndPeriod>${endPeriod}</EndPeriod><Year>${year}</Year><Items>`;
	const runs = company.runs
		.filter((r) => r.year === year && r.periodEnd >= startPeriod && r.periodEnd <= endPeriod && r.journal && r.journal.rawXml === undefined)
		.sort((a, b) => a.periodEnd - b.periodEnd || a.number - b.number);
	for (const run of runs) {
		for (const line of run.journal!.lines) {
			const names = line.employeeName ? [line.employeeName] : employees;
			const parts = line.employeeName ? [line.amountCents] : split(line.amountCents, weights);
			names.forEach((name, k) => {
				const amount = formatCents(parts[k]);
				x += '<Item>';
				x += leaf('EmployeeName', name);
				x += leaf('Period', run.periodEnd);
				x += leaf('Year', run.year);
				x += leaf('Run', NMBRS_REPORT_XML.runField === 'number' ? run.number : run.id);
				x += leaf('Department', line.costCenter ? `Afdeling ${line.costCenter}` : 'Algemeen');
				x += leaf('CostCenter', line.costCenter ?? '');
				x += leaf('CostUnit', line.costUnit ?? '');
				x += leaf('Percentage', 100);
				x += leaf('GeneralLedgerAccount', line.glCode);
				x += leaf('ComponentName', line.description);
				x += leaf('Debit', line.side === 'debit' ? amount : '0.00');
				x += leaf('Credit', line.side === 'credit' ? amount : '0.00');
				x += '</Item>';
			});
		}
	}
	x += `</Items></${NMBRS_REPORT_XML.root}>`;
	return x;
}
