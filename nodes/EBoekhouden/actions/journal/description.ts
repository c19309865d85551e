import type { INodeProperties } from 'n8n-workflow';

import {
	EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE,
	EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
	EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE,
} from '../../../common/assumptions';
import type { SignConvention } from '../../domain/types';

/** ' (default)' after the description of the sign convention the node uses when none is chosen. */
const defaultSignMark = (sign: SignConvention): string => (sign === EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN ? ' (default)' : '');

/** How each Nmbrs line finds its e-Boekhouden ledger (Post Payroll Journal and Reconcile). */
export const ledgerMappingParameters: INodeProperties[] = [
	{
		displayName: 'Ledger Mapping',
		name: 'ledgerMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Mapping',
		default: {},
		description: 'Which e-Boekhouden ledger each Nmbrs GL code (or wage component) is booked on',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Nmbrs GL Code or Wage Component',
						name: 'nmbrsCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. 4000 or Bruto loon',
						description: 'The GL code of the Nmbrs journal line, or the line description (wage component) for lines without a GL code',
					},
					{
						displayName: 'Target Ledger Code',
						description: 'Code of the e-Boekhouden ledger to book these lines on',
						name: 'ledgerCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. 4000',
					},
				],
			},
		],
	},
	{
		displayName: 'Use the Same Code When No Mapping Row Matches',
		name: 'useSameCodeWhenUnmapped',
		type: 'boolean',
		default: true,
		description: 'Whether a GL code without a mapping row is booked on the e-Boekhouden ledger with that same code',
	},
	{
		displayName: 'Fallback Ledger Code',
		name: 'fallbackLedgerCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2199',
		description:
			'Ledger for lines without a GL code or whose ledger does not exist in e-Boekhouden. Leave empty to fail such a journal with an error naming the code.',
	},
];

/** Options → Sign Convention (Post Payroll Journal and Reconcile). */
export const signConventionOption: INodeProperties = {
	displayName: 'Sign Convention',
	name: 'signConvention',
	type: 'options',
	options: [
		{
			name: 'Positive Amount Credits the Row Ledger',
			value: 'positiveIsCredit',
			description: `Credit lines are sent positive, debit lines negative${defaultSignMark('positiveIsCredit')}`,
		},
		{
			name: 'Positive Amount Debits the Row Ledger',
			value: 'positiveIsDebit',
			description: `Debit lines are sent positive, credit lines negative${defaultSignMark('positiveIsDebit')}`,
		},
	],
	default: EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
	description:
		'How memoriaal row amounts are signed. e-Boekhouden does not document it: verify once on a test administration and keep it fixed.',
};

/** The parameters of Post Payroll Journal (shown for that operation only: see actions/journal/index.ts). */
export const description: INodeProperties[] = [
	{
		displayName:
			'Connect the output of the Nmbrs node (Journal → Get / Get Many) or the Nmbrs Trigger. Each journal is posted once as a memoriaal; running again never books it twice.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Clearing Ledger Code',
		name: 'clearingLedgerCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2190',
		description:
			'Code of the e-Boekhouden ledger used as main ledger of every payroll memoriaal (for example a balance-sheet ledger "Tussenrekening lonen"). It nets to zero.',
	},
	...ledgerMappingParameters,
	{
		displayName: 'Cost Centre Mapping',
		name: 'costCentreMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Cost Centre Mapping',
		default: {},
		description:
			'Which e-Boekhouden cost centre each Nmbrs cost centre is booked on. Without a row, the Nmbrs code is looked up as the e-Boekhouden cost centre description.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Nmbrs Cost Centre Code',
						name: 'nmbrsCostCentre',
						type: 'string',
						default: '',
						placeholder: 'e.g. KP01',
					},
					{
						displayName: 'Target Cost Centre (Description or ID)',
						description: 'The e-Boekhouden cost centre: its description, or its numeric ID',
						name: 'costCentre',
						type: 'string',
						default: '',
						placeholder: 'e.g. Verkoop or 31',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Closed Until',
				name: 'closedUntil',
				type: 'dateTime',
				default: '',
				description:
					'Journals dated on or before this date are skipped without contacting e-Boekhouden (status skipped-closed). Periods closed in e-Boekhouden itself are detected too.',
			},
			{
				displayName: 'Description Prefix',
				name: 'descriptionPrefix',
				type: 'string',
				default: 'Loonjournaal',
				description: 'Start of the memoriaal description, followed by year-period, run and company name',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only show what would be booked. Reads ledgers, cost centres and already-posted journals from e-Boekhouden to build the exact payloads, but books nothing.',
			},
			{
				displayName: 'Journals Posted at Once',
				name: 'journalsPostedAtOnce',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE, numberPrecision: 0 },
				default: EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE,
				description: `How many journals are booked in e-Boekhouden at the same time (1 to ${EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE}). Journals of the same Nmbrs run are always booked one after another. Lower it if e-Boekhouden answers "too many requests".`,
			},
			{
				displayName: 'Match Unmapped Cost Centres by Description',
				name: 'useSameCostCentreWhenUnmapped',
				type: 'boolean',
				default: true, // = EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION (n8n's lint needs a literal; checked by test/unit/common/assumptions.test.ts)
				description: 'Whether an Nmbrs cost centre without a mapping row is matched to the e-Boekhouden cost centre with that description',
			},
			{
				displayName: 'On Changed Journal',
				name: 'onChangedJournal',
				type: 'options',
				options: [
					{
						name: 'Reverse and Post Again',
						value: 'reverseAndRepost',
						description: 'Book a reversal of the earlier entry and the new version (status reposted)',
					},
					{
						name: 'Report for Review',
						value: 'review',
						description: 'Book nothing and report the journal (status needs-review)',
					},
				],
				default: 'reverseAndRepost',
				description: 'What to do when a journal changed in Nmbrs after it was posted',
			},
			signConventionOption,
			{
				displayName: 'Unknown Cost Centre',
				name: 'unknownCostCentre',
				type: 'options',
				options: [
					{ name: 'Fail the Journal', value: 'fail' },
					{ name: 'Post Without Cost Centre', value: 'omit' },
				],
				default: 'fail',
				description: 'What to do when a line has an Nmbrs cost centre that has no e-Boekhouden cost centre',
			},
		],
	},
];
