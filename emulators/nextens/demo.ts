/**
 * Deterministic demo data for the Nextens emulator: invented clients with checksum-valid (computed, never
 * copied) BSNs, RSINs, btw-ids and IBANs, real-format postcodes, SBA registrations and ~20 SBA's for
 * IB/VPB/BTW 2024-2026. kl_000007 / sba_000913 are the examples of docs/vendors/nextens-contract.md §B.6, so
 * those examples replay verbatim against a fresh demo emulator.
 */
import { ibanFor, mod97, nextValidBsn } from './identifiers';
import type { NextensSeed } from './state';
import { NEXTENS_DEMO_NEXT_CLIENT_NUMBER } from '../assumptions';

/** A btw-id of the post-2020 kind (mod 97 over the whole string), for a sole proprietor: NL + 9 digits + B + 2 check digits. */
export function btwIdMod97(nineDigits: string): string {
	const r = mod97(`NL${nineDigits}B`);
	for (let cc = 2; cc <= 99; cc++) {
		if ((r * 100 + cc) % 97 === 1) return `NL${nineDigits}B${String(cc).padStart(2, '0')}`;
	}
	throw new Error('no check digits');
}

/** Demo identifiers, computed (11-proef / mod 97), in a range chosen for invented test data. */
export const DEMO_IDS = {
	bsnAnna: nextValidBsn(999990100),
	bsnKees: nextValidBsn(999990200),
	bsnSamira: nextValidBsn(999990300),
	bsnMarieke: nextValidBsn(999990400),
	bsnMartin: nextValidBsn(999990500),
	bsnLukas: nextValidBsn(999990600),
	/** an old 8-digit sofinummer: sent as 8 digits, stored padded with a leading 0 */
	bsnTheo: nextValidBsn(99990700),
	rsinVoorbeeld: '004495445',
	rsinZonneveld: nextValidBsn(851000000),
	rsinLinde: nextValidBsn(852000000),
	rsinTechStart: nextValidBsn(853000000),
};

const ADDR = (
	straatnaam: string,
	huisnummer: number,
	postcode: string,
	plaats: string,
	huisnummertoevoeging: string | null = null,
	landcode = 'NL',
) => ({ straatnaam, huisnummer, huisnummertoevoeging, postcode, plaats, landcode });

export function demoSeed(): NextensSeed {
	const d = DEMO_IDS;
	const clients = [
		{
			id: 'kl_000001',
			soort: 'persoon',
			achternaam: 'Vries',
			tussenvoegsel: 'de',
			voorletters: 'A.M.',
			voornaam: 'Anna',
			bsn: d.bsnAnna,
			geboortedatum: '1975-03-12',
			geslacht: 'vrouw',
			klantnummer: 'C-1001',
			correspondentieadres: ADDR('Herengracht', 112, '1015 BS', 'Amsterdam'),
			telefoonnummers: { algemeen: '020-5551001', mobiel: '06 11223344', zakelijk: null },
			email: 'anna.devries@example.nl',
			sbaMachtigingen: [
				{ middel: 'IB', jaar: 2024, status: 'actief', ophalenInNextens: true },
				{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true },
				{ middel: 'IB', jaar: 2026, status: 'actief', ophalenInNextens: true },
			],
			versie: 2,
			aangemaaktOp: '2024-01-08T09:15:00.000Z',
			gewijzigdOp: '2025-01-20T14:02:11.000Z',
		},
		{
			id: 'kl_000002',
			soort: 'persoon',
			achternaam: 'Bakker',
			tussenvoegsel: null,
			voorletters: 'K.',
			voornaam: 'Kees',
			bsn: d.bsnKees,
			geboortedatum: '1968-11-02',
			geslacht: 'man',
			klantnummer: 'C-1002',
			correspondentieadres: ADDR('Oudegracht', 41, '3511 AB', 'Utrecht', 'bis'),
			telefoonnummers: { algemeen: null, mobiel: '06 22334455', zakelijk: '030-5551002' },
			email: 'kees@schildersbedrijfbakker.example',
			sbaMachtigingen: [
				{ middel: 'IB', jaar: 2024, status: 'actief', ophalenInNextens: true },
				{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true },
			],
			versie: 1,
			aangemaaktOp: '2024-01-08T09:20:00.000Z',
		},
		{
			id: 'kl_000003',
			soort: 'persoon',
			achternaam: 'El Amrani',
			voorletters: 'S.',
			voornaam: 'Samira',
			bsn: d.bsnSamira,
			geboortedatum: '1990-07-25',
			geslacht: 'vrouw',
			klantnummer: 'C-1003',
			correspondentieadres: ADDR('Coolsingel', 40, '3011 AD', 'Rotterdam'),
			telefoonnummers: { algemeen: null, mobiel: '+31 6 33445566', zakelijk: null },
			email: 'samira.elamrani@example.nl',
			sbaMachtigingen: [
				{ middel: 'IB', jaar: 2025, status: 'aangevraagd', ophalenInNextens: false },
			],
			aangemaaktOp: '2025-03-03T10:00:00.000Z',
		},
		{
			// no BSN known: matched on the exact name only; no voorletters, so the name uses voornaam
			id: 'kl_000004',
			soort: 'persoon',
			achternaam: 'Jansen',
			voornaam: 'Pieter',
			geslacht: 'man',
			klantnummer: 'C-1004',
			correspondentieadres: ADDR('Lange Voorhout', 9, '2514 EA', 'Den Haag'),
			email: 'pieter.jansen@example.nl',
			aangemaaktOp: '2024-06-14T08:30:00.000Z',
		},
		{
			// two namesakes (kl_000005 / kl_000006): a name lookup for "M. Jansen" is ambiguous
			id: 'kl_000005',
			soort: 'persoon',
			achternaam: 'Jansen',
			voorletters: 'M.',
			voornaam: 'Marieke',
			bsn: d.bsnMarieke,
			geboortedatum: '1982-01-30',
			geslacht: 'vrouw',
			klantnummer: 'C-1005',
			correspondentieadres: ADDR('Markt', 7, '2801 JG', 'Gouda'),
			email: 'marieke.jansen@example.nl',
			sbaMachtigingen: [{ middel: 'IB', jaar: 2025, status: 'geweigerd', ophalenInNextens: false }],
			aangemaaktOp: '2024-02-01T12:00:00.000Z',
		},
		{
			id: 'kl_000006',
			soort: 'persoon',
			achternaam: 'Jansen',
			voorletters: 'M.',
			voornaam: 'Martin',
			bsn: d.bsnMartin,
			geboortedatum: '1959-09-09',
			geslacht: 'man',
			klantnummer: 'C-1006',
			correspondentieadres: ADDR('Grote Markt', 21, '9711 LV', 'Groningen'),
			telefoonnummers: { algemeen: '050-5551006', mobiel: null, zakelijk: null },
			email: null,
			sbaMachtigingen: [
				{ middel: 'IB', jaar: 2024, status: 'actief', ophalenInNextens: true },
				{ middel: 'IB', jaar: 2025, status: 'verlopen', ophalenInNextens: false },
			],
			aangemaaktOp: '2024-02-01T12:05:00.000Z',
		},
		{
			// the example organisation of docs/vendors/nextens-contract.md §B.6
			id: 'kl_000007',
			soort: 'organisatie',
			naam: 'Voorbeeld B.V.',
			kvkNummer: '12345678',
			fiscaalNummer: d.rsinVoorbeeld,
			volgnummer: 1,
			btwNummer: 'NL004495445B01',
			iban: 'NL91ABNA0417164300',
			klantnummer: 'C-7',
			bezoekadres: ADDR('Stationsplein', 1, '3511 ED', 'Utrecht'),
			correspondentieadres: null,
			telefoonnummer: '030-1234567',
			email: 'info@voorbeeld.nl',
			sbaMachtigingen: [{ middel: 'VPB', jaar: 2024, status: 'actief', ophalenInNextens: true }],
			versie: 3,
			aangemaaktOp: '2024-01-10T08:00:00.000Z',
			gewijzigdOp: '2025-02-01T12:30:00.000Z',
		},
		{
			// non-ASCII name (NFC matters for the exact-name lookup) and an address abroad
			id: 'kl_000008',
			soort: 'persoon',
			achternaam: 'Müller',
			voorletters: 'L.',
			voornaam: 'Lukas',
			bsn: d.bsnLukas,
			geboortedatum: '1987-04-18',
			geslacht: 'man',
			klantnummer: 'C-1008',
			correspondentieadres: ADDR('Meir', 50, '2000', 'Antwerpen', null, 'BE'),
			telefoonnummers: { algemeen: null, mobiel: '+32 470 12 34 56', zakelijk: null },
			email: 'lukas.muller@example.be',
			sbaMachtigingen: [{ middel: 'IB', jaar: 2025, status: 'ingetrokken', ophalenInNextens: false }],
			aangemaaktOp: '2025-05-05T07:45:00.000Z',
		},
		{
			id: 'kl_000009',
			soort: 'persoon',
			achternaam: 'Berg',
			tussenvoegsel: 'van den',
			voorletters: 'T.H.',
			voornaam: 'Theo',
			bsn: d.bsnTheo.slice(1), // 8 digits in, 9 digits stored
			geboortedatum: '1949-12-24',
			geslacht: 'man',
			klantnummer: 'C-1009',
			correspondentieadres: ADDR('Melkmarkt', 14, '8011 MC', 'Zwolle'),
			telefoonnummers: { algemeen: '038-5551009', mobiel: null, zakelijk: null },
			email: 'th.vandenberg@example.nl',
			sbaMachtigingen: [
				{ middel: 'IB', jaar: 2024, status: 'actief', ophalenInNextens: true },
				{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: false },
			],
			aangemaaktOp: '2024-01-09T10:10:00.000Z',
		},
		{
			// two organisations share one fiscaal nummer (volgnummer 1 and 2)
			id: 'kl_000010',
			soort: 'organisatie',
			naam: 'Zonneveld Bakkerijen B.V.',
			kvkNummer: '30123456',
			fiscaalNummer: d.rsinZonneveld,
			volgnummer: 1,
			btwNummer: `NL${d.rsinZonneveld}B01`,
			iban: ibanFor('NL', 'RABO0312345678'),
			klantnummer: 'C-2010',
			bezoekadres: ADDR('Westhaven', 33, '2801 PK', 'Gouda'),
			correspondentieadres: ADDR('Postbus', 412, '2800 AK', 'Gouda'),
			telefoonnummer: '0182-555010',
			email: 'administratie@zonneveld.example',
			sbaMachtigingen: [
				{ middel: 'VPB', jaar: 2024, status: 'actief', ophalenInNextens: true },
				{ middel: 'VPB', jaar: 2025, status: 'actief', ophalenInNextens: true },
				{ middel: 'BTW', jaar: 2025, status: 'actief', ophalenInNextens: true },
				{ middel: 'BTW', jaar: 2026, status: 'actief', ophalenInNextens: true },
			],
			versie: 5,
			aangemaaktOp: '2024-01-10T08:30:00.000Z',
			gewijzigdOp: '2025-09-15T11:00:00.000Z',
		},
		{
			id: 'kl_000011',
			soort: 'organisatie',
			naam: 'Zonneveld Bakkerijen B.V. - vestiging Woerden',
			kvkNummer: '30123457',
			fiscaalNummer: d.rsinZonneveld,
			volgnummer: 2,
			btwNummer: `NL${d.rsinZonneveld}B02`,
			iban: ibanFor('NL', 'INGB0006543210'),
			klantnummer: 'C-2011',
			bezoekadres: ADDR('Rijnstraat', 8, '3441 BS', 'Woerden', 'A'),
			telefoonnummer: '0348-555011',
			email: 'woerden@zonneveld.example',
			sbaMachtigingen: [
				{ middel: 'BTW', jaar: 2025, status: 'actief', ophalenInNextens: true },
				{ middel: 'BTW', jaar: 2026, status: 'actief', ophalenInNextens: true },
			],
			aangemaaktOp: '2024-01-10T08:35:00.000Z',
		},
		{
			// sole proprietor sent as a company: the fiscaal nummer is the owner's BSN (kl_000002); post-2020 btw-id (mod 97)
			id: 'kl_000012',
			soort: 'organisatie',
			naam: 'Schildersbedrijf K. Bakker',
			kvkNummer: '69599084',
			fiscaalNummer: d.bsnKees,
			btwNummer: btwIdMod97('000481516'),
			iban: ibanFor('NL', 'TRIO0212345679'),
			klantnummer: 'C-2012',
			bezoekadres: ADDR('Oudegracht', 41, '3511 AB', 'Utrecht', 'bis'),
			telefoonnummer: '030-5551002',
			email: 'kees@schildersbedrijfbakker.example',
			sbaMachtigingen: [
				{ middel: 'BTW', jaar: 2025, status: 'actief', ophalenInNextens: true },
				{ middel: 'BTW', jaar: 2026, status: 'aangevraagd', ophalenInNextens: false },
			],
			aangemaaktOp: '2024-03-18T13:00:00.000Z',
		},
		{
			id: 'kl_000013',
			soort: 'organisatie',
			naam: 'Stichting Buurthuis De Linde',
			kvkNummer: '41234567',
			fiscaalNummer: d.rsinLinde,
			iban: ibanFor('NL', 'ASNB0708091011'),
			klantnummer: 'C-2013',
			bezoekadres: ADDR('Lindelaan', 2, '5611 AB', 'Eindhoven'),
			telefoonnummer: '040-5551013',
			email: 'penningmeester@delinde.example',
			sbaMachtigingen: [{ middel: 'VPB', jaar: 2025, status: 'actief', ophalenInNextens: true }],
			aangemaaktOp: '2024-04-02T09:00:00.000Z',
		},
		{
			// no fiscaal nummer yet: only found by its exact name
			id: 'kl_000014',
			soort: 'organisatie',
			naam: 'Tech Start B.V.',
			kvkNummer: '87654321',
			iban: ibanFor('NL', 'BUNQ2034567890'),
			klantnummer: 'C-2014',
			bezoekadres: ADDR('Grote Houtstraat', 70, '2011 SR', 'Haarlem'),
			correspondentieadres: ADDR('Postbus', 1234, '2001 BE', 'Haarlem'),
			email: 'finance@techstart.example',
			aangemaaktOp: '2025-08-21T15:30:00.000Z',
		},
	];

	const sba = (
		id: string,
		klantId: string,
		middel: 'IB' | 'VPB' | 'BTW',
		jaar: number,
		tijdvak: string | null,
		berichtsoort: 'aanslag' | 'kennisgeving' | 'beschikking',
		soortAanslag: string | null,
		dagtekening: string,
		vervaldatum: string | null,
		bedrag: string,
		status: 'nieuw' | 'gecontroleerd' | 'afwijkend' | 'afgehandeld',
		ontvangenOp: string,
		kenmerk?: string,
	) => ({ id, klantId, middel, jaar, tijdvak, berichtsoort, soortAanslag, dagtekening, vervaldatum, bedrag, status, ontvangenOp, ...(kenmerk ? { kenmerk } : {}) });

	const sbas = [
		sba('sba_000901', 'kl_000001', 'IB', 2024, null, 'aanslag', 'voorlopig', '2024-02-09', '2024-12-31', '1848.00', 'afgehandeld', '2024-02-10T05:31:07.412Z'),
		sba('sba_000902', 'kl_000009', 'IB', 2024, null, 'aanslag', 'voorlopig', '2024-02-16', null, '-2316.00', 'afgehandeld', '2024-02-17T05:02:55.006Z'),
		sba('sba_000903', 'kl_000002', 'IB', 2024, null, 'aanslag', 'voorlopig', '2024-03-01', '2024-12-31', '5220.00', 'gecontroleerd', '2024-03-02T06:44:18.250Z'),
		sba('sba_000904', 'kl_000010', 'VPB', 2024, null, 'aanslag', 'voorlopig', '2024-04-12', '2024-12-31', '38750.00', 'afgehandeld', '2024-04-13T06:10:00.000Z'),
		sba('sba_000905', 'kl_000001', 'IB', 2025, null, 'aanslag', 'voorlopig', '2025-01-24', '2025-12-31', '2100.00', 'gecontroleerd', '2025-01-25T05:12:40.901Z'),
		sba('sba_000906', 'kl_000002', 'IB', 2025, null, 'aanslag', 'voorlopig', '2025-02-07', '2025-12-31', '5400.00', 'nieuw', '2025-02-08T05:48:02.337Z'),
		sba('sba_000913', 'kl_000007', 'VPB', 2024, null, 'aanslag', 'voorlopig', '2025-02-14', '2025-03-28', '12500.00', 'nieuw', '2025-02-15T06:12:44.120Z', '0044.95.445.V.46.0001'),
		sba('sba_000907', 'kl_000010', 'VPB', 2025, null, 'aanslag', 'voorlopig', '2025-03-07', '2025-12-31', '41200.00', 'gecontroleerd', '2025-03-08T06:00:00.000Z'),
		// two messages received at the same instant (boundary dedupe on `since`)
		sba('sba_000908', 'kl_000010', 'BTW', 2025, '2025-Q1', 'aanslag', 'naheffing', '2025-05-09', '2025-06-06', '1264.00', 'afwijkend', '2025-05-10T04:00:00.000Z'),
		sba('sba_000909', 'kl_000011', 'BTW', 2025, '2025-Q1', 'kennisgeving', null, '2025-05-09', null, '0.00', 'nieuw', '2025-05-10T04:00:00.000Z'),
		sba('sba_000910', 'kl_000012', 'BTW', 2025, '2025-03', 'aanslag', 'naheffing', '2025-05-16', '2025-06-13', '412.50', 'nieuw', '2025-05-17T04:30:12.500Z'),
		sba('sba_000911', 'kl_000001', 'IB', 2024, null, 'aanslag', 'definitief', '2025-06-20', '2025-08-01', '-312.00', 'nieuw', '2025-06-21T05:22:09.870Z'),
		sba('sba_000912', 'kl_000009', 'IB', 2024, null, 'aanslag', 'definitief', '2025-07-04', null, '-2519.00', 'gecontroleerd', '2025-07-05T05:00:31.004Z'),
		sba('sba_000914', 'kl_000002', 'IB', 2024, null, 'aanslag', 'definitief', '2025-08-01', '2025-09-12', '311.00', 'afwijkend', '2025-08-02T05:40:00.000Z'),
		sba('sba_000915', 'kl_000013', 'VPB', 2025, null, 'beschikking', null, '2025-09-05', null, '0.00', 'nieuw', '2025-09-06T06:15:00.000Z'),
		sba('sba_000916', 'kl_000011', 'BTW', 2025, '2025-Q2', 'aanslag', 'naheffing', '2025-10-10', '2025-11-07', '845.20', 'nieuw', '2025-10-11T04:05:00.000Z'),
		sba('sba_000917', 'kl_000010', 'BTW', 2025, '2025-Q3', 'aanslag', 'navordering', '2025-12-12', '2026-01-09', '2210.75', 'nieuw', '2025-12-13T04:12:12.121Z'),
		sba('sba_000918', 'kl_000001', 'IB', 2026, null, 'aanslag', 'voorlopig', '2026-01-23', '2026-12-31', '2244.00', 'nieuw', '2026-01-24T05:01:00.000Z'),
		sba('sba_000919', 'kl_000010', 'VPB', 2025, null, 'aanslag', 'definitief', '2026-04-17', '2026-05-29', '3150.00', 'nieuw', '2026-04-18T06:30:45.450Z'),
		sba('sba_000920', 'kl_000011', 'BTW', 2026, '2026-Q1', 'aanslag', 'naheffing', '2026-05-08', '2026-06-05', '96.40', 'nieuw', '2026-05-09T04:00:00.001Z'),
	];

	return {
		tokens: ['demo-nextens-token'],
		clients,
		sbas,
		nextClientNumber: NEXTENS_DEMO_NEXT_CLIENT_NUMBER,
		nextSbaNumber: 921,
	};
}
