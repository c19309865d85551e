/**
 * Deterministic demo data and a generator for large scenarios. Everything here produces a `--seed`
 * document (the schema of state.ts), so generated data goes through the same validation as a file.
 */
import { Prng } from '../common/prng';
import { formatCents, MONTHS_NL, periodEndDate, type Tijdvak } from './state';

export interface SeedLine {
	glCode: string;
	costCenter?: string | null;
	costUnit?: string | null;
	side: 'debit' | 'credit';
	amount: string;
	description: string;
}

export interface SeedRun {
	id: number;
	number: number;
	year: number;
	periodStart: number;
	periodEnd: number;
	description: string;
	runAt: string;
	isLocked: boolean;
	journal: { date: string; description?: string; lines: SeedLine[] } | null;
}

export interface SeedCompany {
	id: number;
	number: number;
	name: string;
	domain?: string;
	phoneNumber?: string;
	faxNumber?: string;
	email?: string;
	website?: string;
	loonaangifteTijdvak: Tijdvak;
	kvkNr: string;
	activeYear: number;
	employees?: string[];
	runs: SeedRun[];
}

export interface NmbrsSeed {
	environments: Array<{ domain: string; name: string }>;
	users: Array<{ username: string; token: string; domains: string[]; companyIds?: number[]; deniedOperations?: string[] }>;
	companies: SeedCompany[];
}

/** Ledger codes used by the demo journals (the e-Boekhouden demo chart should contain them). */
export const NMBRS_DEMO_LEDGERS = {
	grossWages: '4000',
	socialCharges: '4100',
	pension: '4110',
	holidayAllowance: '4120',
	wageTax: '1700',
	premiums: '1710',
	pensionPayable: '1720',
	holidayReserve: '1750',
	netWages: '2100',
} as const;

/** The demo data's "today": runs exist up to this date (fixed, so the demo data is the same on every machine). */
export const NMBRS_DEMO_NOW = { year: 2026, month: 11, day: 21 } as const;

export const NMBRS_DEMO_COST_CENTERS = ['KP01', 'KP02', 'KP03'];

const GROSS_COMPONENTS = [
	'Bruto loon',
	'Overwerk',
	'Onregelmatigheidstoeslag',
	'Ploegentoeslag',
	'Bonus',
	'Aanvulling ziekengeld',
	'Vakantie-uren uitbetaald',
	'Consignatietoeslag',
];

export interface JournalOptions {
	/** Number of employees (drives the size of the amounts). */
	employees: number;
	/** Cost centres to spread gross wages over; [] => one gross line without cost centre. */
	costCenters: string[];
	/** Fraction of a month (1 for monthly, 12/13 for 4-weekly). */
	periodFactor: number;
	/** Pay out the holiday allowance in this run (May for monthly companies). */
	holidayPayout: boolean;
	/** Wanted total number of lines (>= 11); extra lines are additional gross-wage components. */
	lines?: number;
}

const cents = (n: number): number => Math.round(n);

/**
 * A balanced payroll journal: debits = gross wages (per cost centre/component), employer social charges,
 * employer pension, holiday allowance reservation, a travel allowance without GL code and a zero line;
 * credits = wage tax, premiums, pension payable, holiday reserve and net wages (the balancing figure).
 */
export function buildJournalLines(rng: Prng, o: JournalOptions): SeedLine[] {
	const L = NMBRS_DEMO_LEDGERS;
	const fixed = 10; // the non-gross lines below
	const ccs = o.costCenters;
	const grossCount = Math.max(o.lines !== undefined ? o.lines - fixed - (o.holidayPayout ? 2 : 0) : Math.max(ccs.length, 1), 1);
	const grossLines: SeedLine[] = [];
	let gross = 0;
	const base = Math.max(ccs.length, 1); // the "Bruto loon" lines, one per cost centre
	const extra = GROSS_COMPONENTS.length - 1;
	// Base monthly salary mass, split over the gross lines with seeded weights.
	const mass = o.employees * (2900 + rng.int(0, 1600)) * 100 * o.periodFactor;
	const weights = Array.from({ length: grossCount }, (_, k) => (k < base ? 6 + rng.next() * 4 : 0.3 + rng.next()));
	const wsum = weights.reduce((a, b) => a + b, 0);
	for (let k = 0; k < grossCount; k++) {
		const amount = Math.max(cents((mass * weights[k]) / wsum), 1250);
		gross += amount;
		const component = k < base ? GROSS_COMPONENTS[0] : GROSS_COMPONENTS[1 + ((k - base) % extra)];
		const round = k < base ? 0 : Math.floor((k - base) / extra);
		grossLines.push({
			glCode: L.grossWages,
			costCenter: ccs.length ? ccs[k % ccs.length] : null,
			side: 'debit',
			amount: formatCents(amount),
			description: round > 0 ? `${component} ${round + 1}` : component,
		});
	}
	const social = cents(gross * (0.18 + rng.next() * 0.03));
	const pensionEr = cents(gross * (0.07 + rng.next() * 0.02));
	const pensionEe = cents(gross * (0.05 + rng.next() * 0.015));
	const holiday = cents(gross * 0.08);
	const travel = o.employees * rng.int(2500, 9500); // cents
	const wageTax = cents((gross - pensionEe) * (0.27 + rng.next() * 0.08));
	const payout = o.holidayPayout ? cents(gross * 0.08 * 12 * (0.85 + rng.next() * 0.1)) : 0;
	const payoutTax = o.holidayPayout ? cents(payout * 0.3697) : 0;
	const net = gross - wageTax - pensionEe + travel + payout - payoutTax;

	const lines: SeedLine[] = [...grossLines];
	lines.push({ glCode: L.socialCharges, side: 'debit', amount: formatCents(social), description: 'Werkgeverslasten sociale verzekeringen' });
	lines.push({ glCode: L.pension, side: 'debit', amount: formatCents(pensionEr), description: 'Pensioenpremie werkgeversdeel' });
	lines.push({ glCode: L.holidayAllowance, side: 'debit', amount: formatCents(holiday), description: 'Reservering vakantiegeld' });
	lines.push({ glCode: '', side: 'debit', amount: formatCents(travel), description: 'Reiskosten woon-/werkverkeer & thuiswerk' });
	lines.push({ glCode: L.holidayAllowance, side: 'debit', amount: '0.00', description: 'Correctie vakantiegeld' });
	if (o.holidayPayout) {
		lines.push({ glCode: L.holidayReserve, side: 'debit', amount: formatCents(payout), description: 'Uitbetaling vakantiegeld' });
	}
	lines.push({ glCode: L.wageTax, side: 'credit', amount: formatCents(wageTax), description: 'Loonheffing' });
	if (o.holidayPayout) {
		lines.push({ glCode: L.wageTax, side: 'credit', amount: formatCents(payoutTax), description: 'Loonheffing bijzonder tarief' });
	}
	lines.push({ glCode: L.premiums, side: 'credit', amount: formatCents(social), description: 'Af te dragen premies werkgever' });
	lines.push({ glCode: L.pensionPayable, side: 'credit', amount: formatCents(pensionEr + pensionEe), description: 'Af te dragen pensioenpremie' });
	lines.push({ glCode: L.holidayReserve, side: 'credit', amount: formatCents(holiday), description: 'Reservering vakantiegeld' });
	lines.push({ glCode: L.netWages, side: 'credit', amount: formatCents(net), description: 'Netto loon' });
	return lines;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function runAtFor(rng: Prng, tijdvak: Tijdvak, year: number, period: number): string {
	const end = periodEndDate(tijdvak, year, period);
	const d = new Date(`${end}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - rng.int(3, 7));
	return `${d.toISOString().slice(0, 10)}T${pad2(rng.int(8, 16))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`;
}

function journalDescription(tijdvak: Tijdvak, year: number, period: number, runNumber: number): string {
	const label = tijdvak === 'Week4' ? `periode ${period}` : MONTHS_NL[period - 1];
	return `Loonjournaal ${label} ${year} run ${runNumber}`;
}

interface CompanyPlan {
	id: number;
	name: string;
	tijdvak: Tijdvak;
	kvkNr: string;
	phone: string;
	email: string;
	website: string;
	employees: number;
	employeeNames: string[];
	costCenters: string[];
	domain: string;
	/** Is the latest run of the current year still open? */
	latestUnlocked: boolean;
	/** Extra runs: [year, period, journal?]. */
	extraRuns?: Array<{ year: number; period: number; description: string; withJournal: boolean; payoutFactor?: number }>;
}

const DEMO_PLANS: CompanyPlan[] = [
	{
		id: 12345,
		name: 'Bakkerij De Korenschoof B.V.',
		tijdvak: 'Month',
		kvkNr: '34127856',
		phone: '0294-412380',
		email: 'administratie@korenschoof.nl',
		website: 'www.korenschoof.nl',
		employees: 14,
		employeeNames: ['A. de Vries', 'M. Bakker', 'S. Yilmaz', 'J. van Dijk'],
		costCenters: ['KP01', 'KP02', 'KP03'],
		domain: 'voorbeeld',
		latestUnlocked: true,
		extraRuns: [{ year: 2025, period: 6, description: 'Run 7 juni correctie', withJournal: true, payoutFactor: 0.08 }],
	},
	{
		id: 12346,
		name: 'Installatiebedrijf Van der Molen B.V.',
		tijdvak: 'Month',
		kvkNr: '56021934',
		phone: '050-3187744',
		email: 'salaris@vandermolen-installatie.nl',
		website: '',
		employees: 22,
		employeeNames: ['P. van der Molen', 'K. Hoekstra', 'D. Mulder', 'R. Postma', 'T. Dijkstra'],
		costCenters: ['KP01', 'KP02'],
		domain: 'voorbeeld',
		latestUnlocked: false,
	},
	{
		id: 12347,
		name: 'Tandartspraktijk Het Zonnehof',
		tijdvak: 'Month',
		kvkNr: '71839205',
		phone: '033-4652210',
		email: 'praktijk@zonnehof-tandarts.nl',
		website: 'www.zonnehof-tandarts.nl',
		employees: 6,
		employeeNames: ['E. Jansen', 'L. Smit'],
		costCenters: [],
		domain: 'voorbeeld',
		latestUnlocked: true,
		extraRuns: [{ year: 2025, period: 12, description: 'Run 13 december nabetaling', withJournal: false }],
	},
	{
		id: 12348,
		name: 'Transportbedrijf De Vaart B.V.',
		tijdvak: 'Week4',
		kvkNr: '24498371',
		phone: '010-2459901',
		email: 'loon@devaart-transport.nl',
		website: 'www.devaart-transport.nl',
		employees: 31,
		employeeNames: ['H. de Boer', 'W. Visser', 'F. Meijer', 'B. de Groot', 'N. Bos', 'G. Vos'],
		costCenters: ['KP01', 'KP02', 'KP03'],
		domain: 'voorbeeld',
		latestUnlocked: false,
	},
	{
		id: 22001,
		name: 'Kapsalon Knip & Krul',
		tijdvak: 'Month',
		kvkNr: '80913442',
		phone: '040-2117783',
		email: 'info@knipenkrul.nl',
		website: '',
		employees: 4,
		employeeNames: ['C. Peeters', 'I. Hendriks'],
		costCenters: [],
		domain: 'zuidkantoor',
		latestUnlocked: false,
	},
];

/** Periods of a year that have a run by "now" (NMBRS_DEMO_NOW). */
function periodsDone(tijdvak: Tijdvak, year: number): number {
	const now = NMBRS_DEMO_NOW;
	if (year < now.year) return tijdvak === 'Week4' ? 13 : 12;
	if (year > now.year) return 0;
	const today = `${now.year}-${pad2(now.month)}-${pad2(now.day)}`;
	const max = tijdvak === 'Week4' ? 13 : 12;
	let n = 0;
	// A period's run exists once its run date (a few days before the period end) has passed.
	for (let p = 1; p <= max; p++) {
		const end = new Date(`${periodEndDate(tijdvak, year, p)}T00:00:00Z`);
		end.setUTCDate(end.getUTCDate() - 10);
		if (end.toISOString().slice(0, 10) <= today) n = p;
	}
	return n;
}

function seedFor(...parts: number[]): number {
	let h = 2166136261;
	for (const p of parts) {
		h ^= p;
		h = Math.imul(h, 16777619) >>> 0;
	}
	return h;
}

/** The deterministic demo data set (environment `voorbeeld`, user payroll@voorbeeld.nl / demo-nmbrs-token). */
export function demoSeed(): NmbrsSeed {
	let runId = 987;
	const companies: SeedCompany[] = DEMO_PLANS.map((plan, idx) => {
		const runs: SeedRun[] = [];
		for (const year of [2025, 2026]) {
			const done = periodsDone(plan.tijdvak, year);
			let number = 0;
			for (let period = 1; period <= done; period++) {
				const rng = new Prng(seedFor(plan.id, year, period));
				number++;
				const runNumber = number;
				const lines = buildJournalLines(rng, {
					employees: plan.employees,
					costCenters: plan.costCenters,
					periodFactor: plan.tijdvak === 'Week4' ? 12 / 13 : 1,
					holidayPayout: plan.tijdvak === 'Month' ? period === 5 : period === 6,
				});
				const end = periodEndDate(plan.tijdvak, year, period);
				const label = plan.tijdvak === 'Week4' ? `periode ${period}` : MONTHS_NL[period - 1];
				const latest = year === NMBRS_DEMO_NOW.year && period === done;
				runs.push({
					id: runId++,
					number: runNumber,
					year,
					periodStart: period,
					periodEnd: period,
					description: `Run ${runNumber} ${label}`,
					runAt: runAtFor(rng, plan.tijdvak, year, period),
					isLocked: !(latest && plan.latestUnlocked),
					journal: { date: end, description: journalDescription(plan.tijdvak, year, period, runNumber), lines },
				});
				for (const extra of plan.extraRuns ?? []) {
					if (extra.year !== year || extra.period !== period) continue;
					number++;
					const xr = new Prng(seedFor(plan.id, year, period, 99));
					let journal: SeedRun['journal'] = null;
					if (extra.withJournal) {
						// A small correction run: extra gross wages plus the derived charges, balanced.
						const grossCents = plan.employees * xr.int(1500, 6000);
						const tax = Math.round(grossCents * 0.37);
						const social = Math.round(grossCents * 0.19);
						journal = {
							date: end,
							description: journalDescription(plan.tijdvak, year, period, number),
							lines: [
								{ glCode: '4000', costCenter: plan.costCenters[0] ?? null, side: 'debit', amount: formatCents(grossCents), description: 'Nabetaling bruto loon' },
								{ glCode: '4100', side: 'debit', amount: formatCents(social), description: 'Werkgeverslasten sociale verzekeringen' },
								{ glCode: '1700', side: 'credit', amount: formatCents(tax), description: 'Loonheffing' },
								{ glCode: '1710', side: 'credit', amount: formatCents(social), description: 'Af te dragen premies werkgever' },
								{ glCode: '2100', side: 'credit', amount: formatCents(grossCents - tax), description: 'Netto loon' },
							],
						};
					}
					const runAt = new Date(`${runs[runs.length - 1].runAt}Z`);
					runAt.setUTCDate(runAt.getUTCDate() + 2);
					runs.push({
						id: runId++,
						number,
						year,
						periodStart: period,
						periodEnd: period,
						description: extra.description,
						runAt: runAt.toISOString().slice(0, 19),
						isLocked: true,
						journal,
					});
				}
			}
		}
		return {
			id: plan.id,
			number: idx + 1,
			name: plan.name,
			domain: plan.domain,
			phoneNumber: plan.phone,
			faxNumber: '',
			email: plan.email,
			website: plan.website,
			loonaangifteTijdvak: plan.tijdvak,
			kvkNr: plan.kvkNr,
			activeYear: NMBRS_DEMO_NOW.year,
			employees: plan.employeeNames,
			runs,
		};
	});
	return {
		environments: [
			{ domain: 'voorbeeld', name: 'Administratiekantoor Voorbeeld' },
			{ domain: 'zuidkantoor', name: 'Administratiekantoor Voorbeeld Zuid' },
		],
		users: [
			{ username: 'payroll@voorbeeld.nl', token: 'demo-nmbrs-token', domains: ['voorbeeld'] },
			{
				username: 'junior@voorbeeld.nl',
				token: 'demo-nmbrs-token-junior',
				domains: ['voorbeeld'],
				companyIds: [12345, 12347],
				deniedOperations: ['Reports_GetJournalsReportByCompany'],
			},
			{ username: 'multi@voorbeeld.nl', token: 'demo-nmbrs-token-multi', domains: ['voorbeeld', 'zuidkantoor'] },
		],
		companies,
	};
}

export interface GenerateOptions {
	companies: number;
	runsPerCompany: number;
	linesPerJournal: number;
	year: number;
	/** PRNG seed (default 1). */
	seed?: number;
	/** Fraction of companies that are 4-weekly (default 0.1). */
	week4Share?: number;
}

/**
 * A large scenario for benchmarks, e.g. generateNmbrsSeed({ companies: 20, runsPerCompany: 12, linesPerJournal: 60, year: 2025 }).
 * Same options => same data. Users: the demo user (all companies). Monthly companies get one run per period
 * (extra runs beyond the periods become correction runs of the last period); 4-weekly ones cycle 13 periods.
 */
export function generateNmbrsSeed(opts: GenerateOptions): NmbrsSeed {
	const base = opts.seed ?? 1;
	const rng = new Prng(seedFor(base, opts.companies, opts.runsPerCompany, opts.linesPerJournal, opts.year));
	const week4Every = opts.week4Share === 0 ? Infinity : Math.max(1, Math.round(1 / (opts.week4Share ?? 0.1)));
	const prefixes = ['Bouwbedrijf', 'Accountantskantoor', 'Zorggroep', 'Hoveniersbedrijf', 'Drukkerij', 'Garage', 'Restaurant', 'Autorijschool', 'Schildersbedrijf', 'Zeilmakerij'];
	const names = ['De Eendracht', 'Van Houten', 'Het Anker', 'De Linde', 'Noorderlicht', 'Van Leeuwen', 'De Gouden Leeuw', 'Kerkhof', 'Zuiderzee', 'De Wieken', 'Bosch', 'Ten Hove'];
	let runId = 100001;
	const companies: SeedCompany[] = [];
	for (let c = 0; c < opts.companies; c++) {
		const tijdvak: Tijdvak = (c + 1) % week4Every === 0 ? 'Week4' : 'Month';
		const maxPeriod = tijdvak === 'Week4' ? 13 : 12;
		const employees = rng.int(3, 120);
		const ccCount = rng.int(0, 6);
		const costCenters = Array.from({ length: ccCount }, (_, k) => `KP${pad2(k + 1)}`);
		const runs: SeedRun[] = [];
		for (let r = 0; r < opts.runsPerCompany; r++) {
			const period = Math.min(r + 1, maxPeriod);
			const jr = new Prng(seedFor(base, c, r, opts.year));
			const lines = buildJournalLines(jr, {
				employees,
				costCenters: costCenters.length ? costCenters : [],
				periodFactor: tijdvak === 'Week4' ? 12 / 13 : 1,
				holidayPayout: period === (tijdvak === 'Week4' ? 6 : 5) && r + 1 === period,
				lines: Math.max(opts.linesPerJournal, 11),
			});
			const label = tijdvak === 'Week4' ? `periode ${period}` : MONTHS_NL[period - 1];
			runs.push({
				id: runId++,
				number: r + 1,
				year: opts.year,
				periodStart: period,
				periodEnd: period,
				description: r + 1 === period ? `Run ${r + 1} ${label}` : `Run ${r + 1} ${label} correctie`,
				runAt: runAtFor(jr, tijdvak, opts.year, period),
				isLocked: true,
				journal: { date: periodEndDate(tijdvak, opts.year, period), description: journalDescription(tijdvak, opts.year, period, r + 1), lines },
			});
		}
		companies.push({
			id: 30001 + c,
			number: c + 1,
			name: `${prefixes[c % prefixes.length]} ${names[Math.floor(c / prefixes.length) % names.length]}${c >= prefixes.length * names.length ? ` ${c + 1}` : ''} B.V.`,
			loonaangifteTijdvak: tijdvak,
			kvkNr: String(10000000 + rng.int(0, 89999999)),
			activeYear: opts.year,
			employees: ['A. Janssen', 'B. de Jong', 'C. van den Berg'],
			runs,
		});
	}
	return {
		environments: [{ domain: 'voorbeeld', name: 'Administratiekantoor Voorbeeld' }],
		users: [{ username: 'payroll@voorbeeld.nl', token: 'demo-nmbrs-token', domains: ['voorbeeld'] }],
		companies,
	};
}
