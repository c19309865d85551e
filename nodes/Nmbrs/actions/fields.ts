/** Parameters the Nmbrs operations and the Nmbrs Trigger share (with the readers in ./parameters.ts). */
import type { INodeProperties } from 'n8n-workflow';

export const companyLocator: INodeProperties = {
	displayName: 'Company',
	name: 'company',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Nmbrs company (werkgever)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a company...',
			typeOptions: { searchListMethod: 'searchCompanies', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric Nmbrs company ID' } },
			],
		},
	],
};

export const runLocator: INodeProperties = {
	displayName: 'Run',
	name: 'run',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The payroll run; the list shows the runs of the selected company in the selected year',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a run...',
			typeOptions: { searchListMethod: 'searchRuns', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 987',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric Nmbrs run ID' } }],
		},
	],
};

export const yearField: INodeProperties = {
	displayName: 'Year',
	name: 'year',
	type: 'number',
	default: 0,
	required: true,
	typeOptions: { minValue: 0, maxValue: 2100, numberPrecision: 0 },
	description: 'Payroll year; 0 means the current year (in the workflow time zone)',
	hint: '0 = the current year',
};

export const companyScopeField: INodeProperties = {
	displayName: 'Companies',
	name: 'companyScope',
	type: 'options',
	options: [
		{ name: 'All Companies', value: 'all', description: 'Every company the API user can see' },
		{ name: 'One Company', value: 'one' },
	],
	default: 'all',
};
