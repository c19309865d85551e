/**
 * The flat CRM field list the node's resource mapper shows, per client kind. It covers both partner
 * field sets of docs/vendors/nextens-contract.md §A.4: Elements "NAWTE+" (correspondence and visit address, three
 * phone numbers, IBAN, e-mails, KvK, client number) and Simplicate (gender, birth date, btw-nummer,
 * RSIN + volgnummer, BSN, country names, mailing address falling back to the visit address).
 * Pure data: no n8n imports.
 */
import type { Soort } from './types';

export type CrmFieldType = 'string' | 'number' | 'options' | 'dateTime';

export interface CrmField {
	/** Key in the mapped record (no dots: n8n uses it as a property name). */
	id: string;
	displayName: string;
	/** Contract path in Nextens (`correspondentieadres.postcode`); used in error messages. */
	path: string;
	type: CrmFieldType;
	required?: boolean;
	options?: Array<{ name: string; value: string }>;
}

function address(prefix: 'correspondentie' | 'bezoek', label: string, target: string): CrmField[] {
	return [
		{ id: `${prefix}Straatnaam`, displayName: `${label}: Street`, path: `${target}.straatnaam`, type: 'string' },
		{ id: `${prefix}Huisnummer`, displayName: `${label}: House Number`, path: `${target}.huisnummer`, type: 'string' },
		{
			id: `${prefix}Toevoeging`,
			displayName: `${label}: House Number Addition`,
			path: `${target}.huisnummertoevoeging`,
			type: 'string',
		},
		{ id: `${prefix}Postcode`, displayName: `${label}: Postcode`, path: `${target}.postcode`, type: 'string' },
		{ id: `${prefix}Plaats`, displayName: `${label}: City`, path: `${target}.plaats`, type: 'string' },
		{
			id: `${prefix}Land`,
			displayName: `${label}: Country (Code or Name)`,
			path: `${target}.landcode`,
			type: 'string',
		},
	];
}

export const GESLACHT_OPTIONS = [
	{ name: 'Man', value: 'man' },
	{ name: 'Vrouw', value: 'vrouw' },
	{ name: 'Onbekend', value: 'onbekend' },
];

export const PERSON_CRM_FIELDS: CrmField[] = [
	{ id: 'klantnummer', displayName: 'Client Number (Klantnummer)', path: 'klantnummer', type: 'string' },
	{ id: 'email', displayName: 'E-Mail', path: 'email', type: 'string' },
	{ id: 'achternaam', displayName: 'Last Name (Achternaam)', path: 'achternaam', type: 'string', required: true },
	{ id: 'tussenvoegsel', displayName: 'Name Prefix (Tussenvoegsel)', path: 'tussenvoegsel', type: 'string' },
	{ id: 'voorletters', displayName: 'Initials (Voorletters)', path: 'voorletters', type: 'string' },
	{ id: 'voornaam', displayName: 'First Name (Voornaam)', path: 'voornaam', type: 'string' },
	{ id: 'bsn', displayName: 'BSN', path: 'bsn', type: 'string' },
	{ id: 'geboortedatum', displayName: 'Birth Date (YYYY-MM-DD)', path: 'geboortedatum', type: 'string' },
	{ id: 'geslacht', displayName: 'Gender (Geslacht)', path: 'geslacht', type: 'options', options: GESLACHT_OPTIONS },
	...address('correspondentie', 'Correspondence Address', 'correspondentieadres'),
	...address('bezoek', 'Visit Address (Used When No Correspondence Address)', 'correspondentieadres'),
	{ id: 'telefoonAlgemeen', displayName: 'Phone (General)', path: 'telefoonnummers.algemeen', type: 'string' },
	{ id: 'telefoonMobiel', displayName: 'Phone (Mobile)', path: 'telefoonnummers.mobiel', type: 'string' },
	{ id: 'telefoonZakelijk', displayName: 'Phone (Business)', path: 'telefoonnummers.zakelijk', type: 'string' },
];

export const ORGANISATION_CRM_FIELDS: CrmField[] = [
	{ id: 'klantnummer', displayName: 'Client Number (Klantnummer)', path: 'klantnummer', type: 'string' },
	{ id: 'email', displayName: 'E-Mail', path: 'email', type: 'string' },
	{ id: 'naam', displayName: 'Company Name (Naam)', path: 'naam', type: 'string', required: true },
	{ id: 'kvkNummer', displayName: 'KvK Number', path: 'kvkNummer', type: 'string' },
	{ id: 'fiscaalNummer', displayName: 'RSIN / Fiscaal Nummer', path: 'fiscaalNummer', type: 'string' },
	{ id: 'volgnummer', displayName: 'Volgnummer (Empty = 1)', path: 'volgnummer', type: 'string' },
	{ id: 'btwNummer', displayName: 'Btw-Nummer (VAT ID)', path: 'btwNummer', type: 'string' },
	{ id: 'iban', displayName: 'IBAN', path: 'iban', type: 'string' },
	...address('bezoek', 'Visit Address', 'bezoekadres'),
	...address('correspondentie', 'Correspondence Address (Empty = Visit Address)', 'correspondentieadres'),
	{ id: 'telefoonnummer', displayName: 'Phone', path: 'telefoonnummer', type: 'string' },
];

export function crmFields(soort: Soort): CrmField[] {
	return soort === 'persoon' ? PERSON_CRM_FIELDS : ORGANISATION_CRM_FIELDS;
}

/** The display name of the CRM field behind a contract path (for readable messages), if any. */
export function crmFieldLabel(soort: Soort, path: string | null | undefined): string | undefined {
	if (!path) return undefined;
	const hit = crmFields(soort).find((f) => f.path === path);
	return hit?.displayName;
}
