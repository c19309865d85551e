/**
 * Whether Nextens will retrieve a client's SBA's for a tax and year. Nextens only retrieves them while the client's
 * SBA-machtiging for that tax and year is `actief` and "Ophalen in Nextens" is ticked for that year
 * (docs/vendors/nextens-contract.md §A.5). Pure logic: no n8n imports.
 */

export type MachtigingStatus = 'aangevraagd' | 'actief' | 'geweigerd' | 'ingetrokken' | 'verlopen';

export interface SbaMachtiging {
	middel: string;
	jaar: number;
	status: MachtigingStatus | string;
	ophalenInNextens?: boolean;
}

export type ReadinessCode = 'MISSING' | 'REQUESTED' | 'REFUSED' | 'REVOKED' | 'EXPIRED' | 'RETRIEVAL_OFF';

export interface SbaReadiness {
	middel: string;
	jaar: number;
	ready: boolean;
	/** Why Nextens will not retrieve the SBA's; null when it will. */
	code: ReadinessCode | null;
	machtigingStatus: string | null;
	ophalenInNextens: boolean | null;
	/** What the office does about it; null when ready. */
	message: string | null;
}

const STATUS_CODES: Record<string, ReadinessCode> = {
	aangevraagd: 'REQUESTED',
	geweigerd: 'REFUSED',
	ingetrokken: 'REVOKED',
	verlopen: 'EXPIRED',
};

/** An active registration wins over any other for the same tax and year; then a requested one. */
const PREFERENCE = ['actief', 'aangevraagd', 'verlopen', 'ingetrokken', 'geweigerd'];

function message(code: ReadinessCode, middel: string, jaar: number): string {
	const what = `the SBA-machtiging for ${middel} ${jaar}`;
	switch (code) {
		case 'MISSING':
			return `There is no SBA-machtiging for ${middel} ${jaar}: request it in Nextens on the client's page; it becomes active when the client does not object within the reaction period (about 19 days).`;
		case 'REQUESTED':
			return `${capitalised(what)} is requested but not active yet: it becomes active when the client does not object within the reaction period; check again later.`;
		case 'REFUSED':
			return `The client refused ${what}: contact the client, then request it again in Nextens.`;
		case 'REVOKED':
			return `${capitalised(what)} was revoked: ask the client, then request it again in Nextens.`;
		case 'EXPIRED':
			return `${capitalised(what)} has expired: request a new one in Nextens.`;
		case 'RETRIEVAL_OFF':
			return `${capitalised(what)} is active, but "Ophalen in Nextens" is not ticked for ${jaar}: tick it on the client in Nextens (or use "SBA's wel ophalen" for a selection of clients).`;
	}
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function best(registrations: SbaMachtiging[]): SbaMachtiging | undefined {
	const rank = (m: SbaMachtiging) => {
		const i = PREFERENCE.indexOf(String(m.status));
		return i === -1 ? PREFERENCE.length : i;
	};
	return [...registrations].sort((a, b) => rank(a) - rank(b))[0];
}

/** The readiness of one client for one tax and year, from the client's registrations. */
export function sbaReadiness(registrations: readonly SbaMachtiging[] | null | undefined, middel: string, jaar: number): SbaReadiness {
	const found = best((registrations ?? []).filter((m) => m.middel === middel && Number(m.jaar) === jaar));
	let code: ReadinessCode | null;
	if (!found) code = 'MISSING';
	else if (found.status !== 'actief') code = STATUS_CODES[String(found.status)] ?? 'MISSING';
	else code = found.ophalenInNextens === true ? null : 'RETRIEVAL_OFF';
	return {
		middel,
		jaar,
		ready: code === null,
		code,
		machtigingStatus: found ? String(found.status) : null,
		ophalenInNextens: found ? found.ophalenInNextens === true : null,
		message: code === null ? null : message(code, middel, jaar),
	};
}
