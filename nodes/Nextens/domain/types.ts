/** Nextens client shapes of the assumed partner contract (docs/vendors/nextens-contract.md §B.2) and the upsert outcome. Pure. */

export type Soort = 'persoon' | 'organisatie';

export interface Adres {
	straatnaam: string | null;
	huisnummer: number | string | null;
	huisnummertoevoeging: string | null;
	postcode: string | null;
	plaats: string | null;
	landcode: string | null;
}

export interface Telefoonnummers {
	algemeen: string | null;
	mobiel: string | null;
	zakelijk: string | null;
}

/** Writable fields of a person plus `soort` (what POST and PUT send). */
export interface PersonPayload {
	soort: 'persoon';
	klantnummer: string | null;
	email: string | null;
	achternaam: string | null;
	tussenvoegsel: string | null;
	voorletters: string | null;
	voornaam: string | null;
	bsn: string | null;
	geboortedatum: string | null;
	geslacht: string | null;
	correspondentieadres: Adres | null;
	telefoonnummers: Telefoonnummers | null;
}

/** Writable fields of an organisation plus `soort`. */
export interface OrganisationPayload {
	soort: 'organisatie';
	klantnummer: string | null;
	email: string | null;
	naam: string | null;
	kvkNummer: string | null;
	fiscaalNummer: string | null;
	volgnummer: number | string | null;
	btwNummer: string | null;
	iban: string | null;
	bezoekadres: Adres | null;
	correspondentieadres: Adres | null;
	telefoonnummer: string | null;
}

export type ClientPayload = PersonPayload | OrganisationPayload;

/** A client as Nextens returns it (writable fields plus read-only ones). */
export type StoredClient = Record<string, unknown> & {
	id: string;
	soort: Soort;
	weergavenaam?: string;
	versie?: number;
};

export const PERSON_WRITABLE = [
	'klantnummer',
	'email',
	'achternaam',
	'tussenvoegsel',
	'voorletters',
	'voornaam',
	'bsn',
	'geboortedatum',
	'geslacht',
	'correspondentieadres',
	'telefoonnummers',
] as const;

export const ORGANISATION_WRITABLE = [
	'klantnummer',
	'email',
	'naam',
	'kvkNummer',
	'fiscaalNummer',
	'volgnummer',
	'btwNummer',
	'iban',
	'bezoekadres',
	'correspondentieadres',
	'telefoonnummer',
] as const;

export const ADRES_FIELDS = [
	'straatnaam',
	'huisnummer',
	'huisnummertoevoeging',
	'postcode',
	'plaats',
	'landcode',
] as const;

export const TELEFOON_FIELDS = ['algemeen', 'mobiel', 'zakelijk'] as const;

export function writableFields(soort: Soort): readonly string[] {
	return soort === 'persoon' ? PERSON_WRITABLE : ORGANISATION_WRITABLE;
}

/** One record-level problem: the contract's error body shape. */
export interface FieldError {
	code: string;
	field: string | null;
	message: string;
}

export type UpsertStatus = 'created' | 'updated' | 'unchanged' | 'failed';
export type MatchedBy = 'bsn' | 'fiscaalNummer' | 'name' | 'id' | 'none';

/**
 * The outcome of one record, every field always present (null or [] when absent), so all output items of
 * Create or Update have one shape. `code`, `field`, `message` and `description` are set when it failed.
 */
export interface UpsertResult {
	status: UpsertStatus;
	nextensId: string | null;
	matchedBy: MatchedBy;
	crmId: string | null;
	code: string | null;
	field: string | null;
	/** What happened. */
	message: string | null;
	/** What to do about it. */
	description: string | null;
	/** Dot paths of the fields that were written on an update. */
	changedFields: string[];
	/** Nextens ids found when a match was ambiguous or conflicting. */
	ids: string[];
	/** `bsn` / `fiscaalNummer` when the number had 7 or 8 digits and was accepted with its leading zeros restored. */
	paddedFields: string[];
}

/** A complete result from the fields that are known; the rest null or []. */
export function upsertResult(fields: Partial<UpsertResult> & Pick<UpsertResult, 'status'>): UpsertResult {
	return {
		status: fields.status,
		nextensId: fields.nextensId ?? null,
		matchedBy: fields.matchedBy ?? 'none',
		crmId: fields.crmId ?? null,
		code: fields.code ?? null,
		field: fields.field ?? null,
		message: fields.message ?? null,
		description: fields.description ?? null,
		changedFields: fields.changedFields ?? [],
		ids: fields.ids ?? [],
		paddedFields: fields.paddedFields ?? [],
	};
}
