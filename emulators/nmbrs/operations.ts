/** The emulated operations per service, their parameters and the WSDL / ASMX help pages describing them. */
import { escapeAttr, escapeText } from './xml';

export type ServiceName = 'CompanyService' | 'DebtorService';

export interface OperationDef {
	params: Array<{ name: string; type: 'int' }>;
	/** XSD type of the Result element (tns: types are defined in the WSDL below). */
	result: string;
	doc: string;
}

export const OPERATIONS: Record<ServiceName, Record<string, OperationDef>> = {
	CompanyService: {
		List_GetAll: { params: [], result: 'tns:ArrayOfCompany', doc: 'Get all companies that belong to the user' },
		Run_GetList: {
			params: [
				{ name: 'CompanyId', type: 'int' },
				{ name: 'Year', type: 'int' },
			],
			result: 'tns:ArrayOfRunInfo',
			doc: 'Get the runs of a company in a year',
		},
		Journals_GetByRunCompany: {
			params: [
				{ name: 'CompanyId', type: 'int' },
				{ name: 'RunId', type: 'int' },
			],
			result: 's:string',
			doc: 'Returns the Journal XML, takes year from active year of the company',
		},
		Journals_GetByRunCompany_v2: {
			params: [
				{ name: 'CompanyId', type: 'int' },
				{ name: 'RunId', type: 'int' },
				{ name: 'Year', type: 'int' },
			],
			result: 's:string',
			doc: 'Returns the Journal XML',
		},
		Reports_GetJournalsReportByCompany: {
			params: [
				{ name: 'CompanyId', type: 'int' },
				{ name: 'StartPeriod', type: 'int' },
				{ name: 'EndPeriod', type: 'int' },
				{ name: 'Year', type: 'int' },
			],
			result: 's:string',
			doc: 'Returns the journals report of a company for a range of periods',
		},
	},
	DebtorService: {
		Environment_Get: { params: [], result: 'tns:Environment', doc: 'Get the environment (subdomain) of the user' },
	},
};

export function serviceNamespace(service: ServiceName, host = 'api.nmbrs.nl'): string {
	return `https://${host}/soap/v3/${service}`;
}

const COMPLEX_TYPES: Record<ServiceName, string> = {
	CompanyService:
		'<s:complexType name="ArrayOfCompany"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="Company" nillable="true" type="tns:Company" /></s:sequence></s:complexType>' +
		'<s:complexType name="Company"><s:sequence><s:element minOccurs="1" maxOccurs="1" name="ID" type="s:int" /><s:element minOccurs="1" maxOccurs="1" name="Number" type="s:int" />' +
		'<s:element minOccurs="0" maxOccurs="1" name="Name" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="PhoneNumber" type="s:string" />' +
		'<s:element minOccurs="0" maxOccurs="1" name="FaxNumber" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Email" type="s:string" />' +
		'<s:element minOccurs="0" maxOccurs="1" name="Website" type="s:string" /><s:element minOccurs="1" maxOccurs="1" name="LoonaangifteTijdvak" type="tns:LoonaangifteTijdvak" />' +
		'<s:element minOccurs="0" maxOccurs="1" name="KvkNr" type="s:string" /></s:sequence></s:complexType>' +
		'<s:simpleType name="LoonaangifteTijdvak"><s:restriction base="s:string"><s:enumeration value="None" /><s:enumeration value="Month" /><s:enumeration value="Week4" /><s:enumeration value="Month6" /><s:enumeration value="Year" /></s:restriction></s:simpleType>' +
		'<s:complexType name="ArrayOfRunInfo"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="RunInfo" nillable="true" type="tns:RunInfo" /></s:sequence></s:complexType>' +
		'<s:complexType name="RunInfo"><s:sequence><s:element minOccurs="1" maxOccurs="1" name="ID" type="s:int" /><s:element minOccurs="1" maxOccurs="1" name="Number" type="s:int" />' +
		'<s:element minOccurs="1" maxOccurs="1" name="Year" type="s:int" /><s:element minOccurs="1" maxOccurs="1" name="PeriodStart" type="s:int" />' +
		'<s:element minOccurs="1" maxOccurs="1" name="PeriodEnd" type="s:int" /><s:element minOccurs="0" maxOccurs="1" name="Description" type="s:string" />' +
		'<s:element minOccurs="1" maxOccurs="1" name="RunAt" type="s:dateTime" /><s:element minOccurs="1" maxOccurs="1" name="IsLocked" type="s:boolean" /></s:sequence></s:complexType>',
	DebtorService:
		'<s:complexType name="Environment"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="SubDomain" type="s:string" /></s:sequence></s:complexType>',
};

function authTypes(): string {
	return (
		'<s:element name="AuthHeaderWithDomain" type="tns:AuthHeaderWithDomain" /><s:complexType name="AuthHeaderWithDomain"><s:sequence>' +
		'<s:element minOccurs="0" maxOccurs="1" name="Username" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Token" type="s:string" />' +
		'<s:element minOccurs="0" maxOccurs="1" name="Domain" type="s:string" /></s:sequence><s:anyAttribute /></s:complexType>' +
		'<s:element name="AuthHeader" type="tns:AuthHeader" /><s:complexType name="AuthHeader"><s:sequence>' +
		'<s:element minOccurs="0" maxOccurs="1" name="Username" type="s:string" /><s:element minOccurs="0" maxOccurs="1" name="Token" type="s:string" />' +
		'</s:sequence><s:anyAttribute /></s:complexType>'
	);
}

/** A minimal WSDL 1.1 (document/literal, SOAP 1.1 binding) listing the emulated operations. */
export function wsdl(service: ServiceName, address: string): string {
	const ns = serviceNamespace(service);
	const ops = Object.entries(OPERATIONS[service]);
	const header = service === 'DebtorService' ? 'AuthHeader' : 'AuthHeaderWithDomain';
	let types = '';
	let messages = '';
	let portOps = '';
	let bindingOps = '';
	for (const [name, def] of ops) {
		const params = def.params.map((p) => `<s:element minOccurs="1" maxOccurs="1" name="${p.name}" type="s:${p.type}" />`).join('');
		types += `<s:element name="${name}"><s:complexType>${params ? `<s:sequence>${params}</s:sequence>` : ''}</s:complexType></s:element>`;
		types += `<s:element name="${name}Response"><s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="${name}Result" type="${def.result}" /></s:sequence></s:complexType></s:element>`;
		messages += `<wsdl:message name="${name}SoapIn"><wsdl:part name="parameters" element="tns:${name}" /></wsdl:message>`;
		messages += `<wsdl:message name="${name}SoapOut"><wsdl:part name="parameters" element="tns:${name}Response" /></wsdl:message>`;
		messages += `<wsdl:message name="${name}${header}"><wsdl:part name="${header}" element="tns:${header}" /></wsdl:message>`;
		portOps += `<wsdl:operation name="${name}"><wsdl:documentation xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">${escapeText(def.doc)}</wsdl:documentation><wsdl:input message="tns:${name}SoapIn" /><wsdl:output message="tns:${name}SoapOut" /></wsdl:operation>`;
		bindingOps += `<wsdl:operation name="${name}"><soap:operation soapAction="${ns}/${name}" style="document" /><wsdl:input><soap:body use="literal" /><soap:header message="tns:${name}${header}" part="${header}" use="literal" /></wsdl:input><wsdl:output><soap:body use="literal" /></wsdl:output></wsdl:operation>`;
	}
	return (
		'<?xml version="1.0" encoding="utf-8"?>\r\n' +
		`<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tm="http://microsoft.com/wsdl/mime/textMatching/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:tns="${ns}" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" targetNamespace="${ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">` +
		`<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${ns}">${types}${COMPLEX_TYPES[service]}${authTypes()}</s:schema></wsdl:types>` +
		messages +
		`<wsdl:portType name="${service}Soap">${portOps}</wsdl:portType>` +
		`<wsdl:binding name="${service}Soap" type="tns:${service}Soap"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" />${bindingOps}</wsdl:binding>` +
		`<wsdl:service name="${service}"><wsdl:port name="${service}Soap" binding="tns:${service}Soap"><soap:address location="${escapeAttr(address)}" /></wsdl:port></wsdl:service>` +
		'</wsdl:definitions>'
	);
}

/** The ASMX service help page (GET without query) or one operation's page (?op=Name). */
export function helpPage(service: ServiceName, op: string | null): { title: string; body: string } | null {
	const ns = serviceNamespace(service);
	if (op === null) {
		const items = Object.entries(OPERATIONS[service])
			.map(([name, def]) => `<li><a href="${service}.asmx?op=${name}">${name}</a><br />${escapeText(def.doc)}</li>`)
			.join('');
		return { title: `${service} Web Service`, body: `<h1>${service}</h1><p>The following operations are supported. For a formal definition, please review the <a href="${service}.asmx?WSDL">Service Description</a>.</p><ul>${items}</ul>` };
	}
	const def = OPERATIONS[service][op];
	if (!def) return null;
	const params = def.params.map((p) => `      &lt;${p.name}&gt;${p.type}&lt;/${p.name}&gt;`).join('\n');
	return {
		title: `${service} Web Service`,
		body: `<h1>${service}</h1><h2>${op}</h2><p>${escapeText(def.doc)}</p><h3>SOAP 1.1</h3><pre>POST /soap/v3/${service}.asmx HTTP/1.1\nContent-Type: text/xml; charset=utf-8\nSOAPAction: "${ns}/${op}"\n\n&lt;${op} xmlns="${ns}"&gt;\n${params}\n&lt;/${op}&gt;</pre>`,
	};
}
