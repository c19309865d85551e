/**
 * Generates a large, valid Nextens seed for benchmarks and load tests (e.g. 10,000 clients): persons and
 * organisations alternate, every identifier is computed to pass its checksum, every weergavenaam is unique,
 * and every key is unique. Deterministic for the same options.
 */
import { ibanFor, nextValidBsn } from './identifiers';
import type { NextensSeed } from './state';

export interface GenerateNextensSeedOptions {
	/** Number of clients (persons and organisations alternate, starting with a person). */
	clients: number;
	/** SBA's per organisation / person with an active registration (default 0). */
	sbasPerClient?: number;
	/** Accepted tokens (default ['demo-nextens-token']). */
	tokens?: string[];
	/** Fraction of persons without a BSN and of organisations without a fiscaal nummer (default 0.05). */
	withoutKeyFraction?: number;
}

const SURNAMES = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits'];
const FIRST = ['Anna', 'Bram', 'Cor', 'Daan', 'Eva', 'Fleur', 'Gijs', 'Hanna', 'Iris', 'Joost', 'Kim', 'Lars', 'Mila', 'Noah', 'Olga', 'Pim', 'Roos', 'Sem', 'Tess', 'Vera'];
const TRADES = ['Bakkerij', 'Installatiebedrijf', 'Adviesbureau', 'Transport', 'Hoveniersbedrijf', 'Architectenbureau', 'Schildersbedrijf', 'Kapsalon', 'Autobedrijf', 'Drukkerij'];
const CITIES: Array<[string, string]> = [['Amsterdam', '1011'], ['Rotterdam', '3011'], ['Den Haag', '2511'], ['Utrecht', '3511'], ['Eindhoven', '5611'], ['Groningen', '9711'], ['Tilburg', '5038'], ['Almere', '1315'], ['Breda', '4811'], ['Nijmegen', '6511']];
const STREETS = ['Dorpsstraat', 'Kerkstraat', 'Molenweg', 'Stationsweg', 'Schoolstraat', 'Hoofdstraat', 'Julianalaan', 'Nieuwstraat'];
const LETTERS = 'ABCEGHJKLMNPRTVWXZ';

function tussenvoegselSplit(surname: string): { tussenvoegsel: string | null; achternaam: string } {
	const m = /^((?:van den|van der|van|de)) (.+)$/.exec(surname);
	return m ? { tussenvoegsel: m[1], achternaam: m[2] } : { tussenvoegsel: null, achternaam: surname };
}

export function generateNextensSeed(options: GenerateNextensSeedOptions): NextensSeed {
	const n = options.clients;
	const sbasPer = options.sbasPerClient ?? 0;
	const withoutKey = options.withoutKeyFraction ?? 0.05;
	const withoutKeyEvery = withoutKey > 0 ? Math.max(2, Math.round(1 / withoutKey)) : 0;
	const clients: Array<Record<string, unknown>> = [];
	const sbas: Array<Record<string, unknown>> = [];
	let nextBsn = 900000000; // invented range
	let nextRsin = 800000000;
	let sbaNo = 1;
	for (let i = 0; i < n; i++) {
		const idNum = i + 1;
		const id = `kl_${String(idNum).padStart(6, '0')}`;
		const [city, pc4] = CITIES[i % CITIES.length];
		const adres = {
			straatnaam: STREETS[i % STREETS.length],
			huisnummer: (i % 250) + 1,
			huisnummertoevoeging: i % 7 === 0 ? 'A' : null,
			postcode: `${pc4} ${LETTERS[i % LETTERS.length]}${LETTERS[Math.floor(i / LETTERS.length) % LETTERS.length]}`,
			plaats: city,
			landcode: 'NL',
		};
		const noKey = withoutKeyEvery > 0 && i % withoutKeyEvery === withoutKeyEvery - 1;
		let fiscaal: string | null = null;
		if (i % 2 === 0) {
			const { tussenvoegsel, achternaam } = tussenvoegselSplit(SURNAMES[i % SURNAMES.length]);
			const first = FIRST[Math.floor(i / 2) % FIRST.length];
			if (!noKey) {
				fiscaal = nextValidBsn(nextBsn);
				nextBsn = Number(fiscaal) + 1;
			}
			clients.push({
				id,
				soort: 'persoon',
				// the client number in the surname keeps every weergavenaam unique
				achternaam: `${achternaam}-${idNum}`,
				tussenvoegsel,
				voorletters: `${first[0]}.`,
				voornaam: first,
				bsn: fiscaal,
				geboortedatum: `${1940 + (i % 60)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
				geslacht: i % 4 === 0 ? 'vrouw' : 'man',
				klantnummer: `G-${idNum}`,
				correspondentieadres: adres,
				telefoonnummers: { algemeen: null, mobiel: `06 ${String(10000000 + i).slice(-8)}`, zakelijk: null },
				email: `klant${idNum}@example.nl`,
				sbaMachtigingen: sbasPer > 0 && fiscaal ? [{ middel: 'IB', jaar: 2025, status: 'actief', ophalenInNextens: true }] : [],
			});
		} else {
			if (!noKey) {
				fiscaal = nextValidBsn(nextRsin);
				nextRsin = Number(fiscaal) + 1;
			}
			clients.push({
				id,
				soort: 'organisatie',
				naam: `${TRADES[i % TRADES.length]} ${SURNAMES[(i * 7) % SURNAMES.length]} ${idNum} B.V.`,
				kvkNummer: String(50000000 + i).slice(-8),
				fiscaalNummer: fiscaal,
				volgnummer: fiscaal ? 1 : null,
				btwNummer: fiscaal ? `NL${fiscaal}B01` : null,
				iban: ibanFor('NL', `RABO${String(3000000000 + i).padStart(10, '0')}`),
				klantnummer: `G-${idNum}`,
				bezoekadres: adres,
				correspondentieadres: null,
				telefoonnummer: `010-${String(5000000 + i).slice(-7)}`,
				email: `info${idNum}@example.nl`,
				sbaMachtigingen: sbasPer > 0 && fiscaal ? [{ middel: 'VPB', jaar: 2025, status: 'actief', ophalenInNextens: true }] : [],
			});
		}
		if (fiscaal) {
			for (let k = 0; k < sbasPer; k++) {
				const t = Date.UTC(2025, 0, 1) + (sbaNo * 3_600_000) % (365 * 86_400_000);
				sbas.push({
					id: `sba_${String(sbaNo).padStart(6, '0')}`,
					klantId: id,
					middel: i % 2 === 0 ? 'IB' : 'VPB',
					jaar: 2025,
					berichtsoort: 'aanslag',
					soortAanslag: k === 0 ? 'voorlopig' : 'definitief',
					dagtekening: new Date(t - 86_400_000).toISOString().slice(0, 10),
					vervaldatum: null,
					bedrag: ((sbaNo * 137) % 50000 - 10000).toFixed(2),
					status: 'nieuw',
					ontvangenOp: new Date(t).toISOString(),
				});
				sbaNo++;
			}
		}
	}
	return { tokens: options.tokens ?? ['demo-nextens-token'], clients, sbas, nextClientNumber: n + 1, nextSbaNumber: sbaNo };
}
