import type { INodeProperties } from 'n8n-workflow';

import { description as postPayrollJournalDescription } from './description';
import * as postPayrollJournal from './postPayrollJournal';

export { postPayrollJournal };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['journal'] } },
		options: [
			{
				name: 'Post Payroll Journal',
				value: 'postPayrollJournal',
				description: 'Book Nmbrs payroll journals as memoriaal entries, exactly once',
				action: 'Post a payroll journal',
			},
		],
		default: 'postPayrollJournal',
	},
	...postPayrollJournalDescription,
];
