/* The content of `disclose demo`: departments, people, request topics and
 * messages of a believable California city, and the reference request
 * 19-5156 (shared/reference/request-19-5156.txt) event by event. Pure data:
 * demo.c decides how to combine it. Everyone but the reference request's
 * own people is invented; every address is on example.gov / .com / .org /
 * .net, every phone number is a 555-01xx number. */
#include "demo/demo_data.h"

/* Department indices used below (demo_departments' order). */
enum {
	D_LAPD,
	D_CLERK,
	D_PUBLIC_WORKS,
	D_FIRE,
	D_ATTORNEY,
	D_PLANNING,
	D_HR,
	D_ITA,
	D_GSD,
};

/* Staff indices of the reference request's people. */
enum {
	S_KRIS_TU,
	S_SMA_KRIS,
	S_FARAH,
};

#define REQUESTER (-2)
#define NOBODY    (-1)

/* ---------------------------------------------------------------- */
/* Departments                                                      */

const struct demo_department demo_departments[] = {
	[D_LAPD] = {
		.name = "Police Department (LAPD)",
		.short_name = "LAPD",
	},
	[D_CLERK] = {
		.name = "Office of the City Clerk",
		.short_name = "City Clerk",
	},
	[D_PUBLIC_WORKS] = {
		.name = "Department of Public Works",
		.short_name = "Public Works",
	},
	[D_FIRE] = {
		.name = "Fire Department (LAFD)",
		.short_name = "LAFD",
	},
	[D_ATTORNEY] = {
		.name = "Office of the City Attorney",
		.short_name = "City Attorney",
	},
	[D_PLANNING] = {
		.name = "Planning & Building Safety",
		.short_name = "Planning",
	},
	[D_HR] = {
		.name = "Human Resources Department",
		.short_name = "HR",
	},
	[D_ITA] = {
		.name = "Information Technology Agency",
		.short_name = "ITA",
	},
	[D_GSD] = {
		.name = "General Services Department",
		.short_name = "GSD",
	},
};
const size_t demo_n_departments = sizeof demo_departments / sizeof demo_departments[0];

/* ---------------------------------------------------------------- */
/* Staff                                                            */

const struct demo_staff demo_staff[] = {
	/* The reference request's people, as its bylines show them. */
	[S_KRIS_TU] = {
		.name = "Kris Tu 34895 LAPD CPRA 1421",
		.title = "Detective III",
		.email = "kris.tu@example.gov",
		.role = "staff",
		.department = D_LAPD,
	},
	[S_SMA_KRIS] = {
		.name = "Senior Management Analyst Kris",
		.title = "",
		.email = "sma.kris@example.gov",
		.role = "publisher",
		.department = D_LAPD,
	},
	[S_FARAH] = {
		.name = "LAPD Analyst Farah N5890",
		.title = "",
		.email = "farah.n5890@example.gov",
		.role = "publisher",
		.department = D_LAPD,
	},
	/* Invented. */
	{
		.name = "Alex Morgan",
		.title = "Portal Administrator",
		.email = "admin@example.gov",
		.role = "admin",
		.department = D_CLERK,
	},
	{
		.name = "Teresa Okafor",
		.title = "Records Manager",
		.email = "teresa.okafor@example.gov",
		.role = "department_admin",
		.department = D_LAPD,
	},
	{
		.name = "Priya Raman",
		.title = "Deputy City Clerk",
		.email = "priya.raman@example.gov",
		.role = "department_admin",
		.department = D_CLERK,
	},
	{
		.name = "Daniel Nguyen",
		.title = "Public Records Coordinator",
		.email = "daniel.nguyen@example.gov",
		.role = "publisher",
		.department = D_CLERK,
	},
	{
		.name = "Aisha Rahman",
		.title = "Deputy City Attorney",
		.email = "aisha.rahman@example.gov",
		.role = "department_admin",
		.department = D_ATTORNEY,
	},
	{
		.name = "Grace Kim",
		.title = "Public Records Coordinator",
		.email = "grace.kim@example.gov",
		.role = "publisher",
		.department = D_FIRE,
	},
	{
		.name = "Marcus Bell",
		.title = "Management Analyst",
		.email = "marcus.bell@example.gov",
		.role = "staff",
		.department = D_PUBLIC_WORKS,
	},
	{
		.name = "Sofía Hernández",
		.title = "Senior Civil Engineer",
		.email = "sofia.hernandez@example.gov",
		.role = "staff",
		.department = D_PUBLIC_WORKS,
	},
	{
		.name = "James Whitaker",
		.title = "Fire Inspector II",
		.email = "james.whitaker@example.gov",
		.role = "staff",
		.department = D_FIRE,
	},
	{
		.name = "Kevin O'Brien",
		.title = "Senior Planner",
		.email = "kevin.obrien@example.gov",
		.role = "staff",
		.department = D_PLANNING,
	},
	{
		.name = "Mei-Ling Chen",
		.title = "Senior Personnel Analyst",
		.email = "meiling.chen@example.gov",
		.role = "staff",
		.department = D_HR,
	},
	{
		.name = "Rafael Torres",
		.title = "Systems Analyst",
		.email = "rafael.torres@example.gov",
		.role = "staff",
		.department = D_ITA,
	},
	{
		.name = "Samuel Adeyemi",
		.title = "Administrative Analyst",
		.email = "samuel.adeyemi@example.gov",
		.role = "staff",
		.department = D_GSD,
	},
	{
		.name = "Olivia Brooks",
		.title = "Principal Clerk",
		.email = "olivia.brooks@example.gov",
		.role = "staff",
		.department = D_CLERK,
	},
	{
		.name = "Hiroshi Tanaka",
		.title = "Police Administrator",
		.email = "hiroshi.tanaka@example.gov",
		.role = "staff",
		.department = D_LAPD,
	},
};
const size_t demo_n_staff = sizeof demo_staff / sizeof demo_staff[0];

/* ---------------------------------------------------------------- */
/* Requesters                                                       */

const struct demo_requester demo_requesters[] = {
	{
		.name = "Dana Whitfield",
		.email = "dana.whitfield@example.com",
		.phone = "(213) 555-0142",
		.organisation = "Los Angeles Ledger",
	},
	{
		.name = "Miguel Ortega",
		.email = "mortega@example.net",
		.phone = "",
		.organisation = "",
	},
	{
		.name = "Rebecca Stone",
		.email = "rstone@example.org",
		.phone = "(310) 555-0178",
		.organisation = "Stone & Patel LLP",
	},
	{
		.name = "Tomás Alvarez",
		.email = "tomas.alvarez@example.com",
		.phone = "",
		.organisation = "",
	},
	{
		.name = "Jordan Lee",
		.email = "jordan@example.org",
		.phone = "(323) 555-0119",
		.organisation = "Open City Data Project",
	},
	{
		.name = "Harold Finch",
		.email = "hfinch@example.net",
		.phone = "(818) 555-0163",
		.organisation = "",
	},
	{
		.name = "Nadia Karimi",
		.email = "nadia.karimi@example.com",
		.phone = "",
		.organisation = "Westside Weekly",
	},
	{
		.name = "Chris Okonkwo",
		.email = "chris.okonkwo@example.org",
		.phone = "(213) 555-0107",
		.organisation = "Civil Liberties Coalition of Southern California",
	},
	{
		.name = "Linda Park",
		.email = "lindapark@example.net",
		.phone = "",
		.organisation = "",
	},
	{
		.name = "Samir Haddad",
		.email = "shaddad@example.com",
		.phone = "(626) 555-0181",
		.organisation = "Haddad Construction Inc.",
	},
	{
		.name = "Emily Novak",
		.email = "enovak@example.org",
		.phone = "",
		.organisation = "Urban Policy Lab",
	},
	{
		.name = "Marcus Reyes",
		.email = "marcus.reyes@example.com",
		.phone = "(213) 555-0155",
		.organisation = "Metro Public Radio",
	},
	{
		.name = "Beatrice Wong",
		.email = "bwong@example.net",
		.phone = "(323) 555-0124",
		.organisation = "",
	},
	{
		.name = "Oluwaseun Bakare",
		.email = "seun.bakare@example.org",
		.phone = "",
		.organisation = "Tenants United",
	},
	{
		.name = "Greg Mathers",
		.email = "gmathers@example.com",
		.phone = "",
		.organisation = "",
	},
	{
		.name = "Ana Lucía Ramos",
		.email = "analucia.ramos@example.net",
		.phone = "(818) 555-0190",
		.organisation = "Ramos Law Group",
	},
	{
		.name = "Peter Sandoval",
		.email = "psandoval@example.com",
		.phone = "",
		.organisation = "Sandoval Investigations",
	},
	{
		.name = "Keiko Yamamoto",
		.email = "keiko.y@example.org",
		.phone = "",
		.organisation = "",
	},
	{
		.name = "Frank DeLuca",
		.email = "frank.deluca@example.net",
		.phone = "(310) 555-0136",
		.organisation = "Neighborhood Council Land Use Committee",
	},
	{
		.name = "Imani Johnson",
		.email = "imani.johnson@example.com",
		.phone = "",
		.organisation = "Eastside Campus Review",
	},
	{
		.name = "Victor Petrov",
		.email = "vpetrov@example.org",
		.phone = "(213) 555-0171",
		.organisation = "Transparency Watch",
	},
	{
		.name = "Rosa Medina",
		.email = "rosa.medina@example.net",
		.phone = "(323) 555-0148",
		.organisation = "",
	},
	{
		.name = "Ethan Brooks",
		.email = "ebrooks@example.com",
		.phone = "",
		.organisation = "Pacific Insurance Services",
	},
	{
		.name = "Fatima Siddiqui",
		.email = "fatima.siddiqui@example.org",
		.phone = "",
		.organisation = "Graduate School of Public Affairs",
	},
	{
		.name = "Walter Grant",
		.email = "wgrant@example.net",
		.phone = "(818) 555-0112",
		.organisation = "",
	},
	{
		.name = "Hannah Schultz",
		.email = "hannah.schultz@example.com",
		.phone = "",
		.organisation = "Investigative Reporting Collective",
	},
};
const size_t demo_n_requesters = sizeof demo_requesters / sizeof demo_requesters[0];

const struct demo_requester demo_account = {
	.name = "Jordan Reyes",
	.email = "requester@example.com",
	.phone = "(213) 555-0199",
	.organisation = "",
};

/* ---------------------------------------------------------------- */
/* Request topics                                                   */

const struct demo_topic demo_topics[] = {
	/* Police */
	{
		.description = "All use-of-force reports filed by officers in calendar year 2022, "
			"including the supervisor's review and the division's finding for each. "
			"Names of officers and subjects may be redacted.",
		.department = D_LAPD,
	},
	{
		.description = "The Department's current policy on body-worn cameras, "
			"including when officers must activate and may deactivate them, "
			"and any revisions made since 2018.",
		.department = D_LAPD,
	},
	{
		.description = "Records of officer-involved shootings from 2019 through the present "
			"that are subject to disclosure under Penal Code 832.7(b), including investigative "
			"reports, video and audio recordings, and the final findings.",
		.department = D_LAPD,
	},
	{
		.description = "A log of 911 and non-emergency calls for service to the 1200 block of "
			"Elm Ave between January 1 and June 30 of last year, showing the date, time, "
			"call type and disposition. I do not need the callers' names.",
		.department = D_LAPD,
	},
	{
		.description = "The following records about automated license plate readers (ALPR):\n\n"
			"1. Contracts and purchase orders with ALPR vendors\n"
			"2. The Department's ALPR usage and retention policy\n"
			"3. Any data-sharing agreements with other agencies\n"
			"4. Audit logs of searches performed in 2023",
		.department = D_LAPD,
	},
	{
		.description = "All records of drones (unmanned aerial systems) owned or leased by the "
			"Department: purchase records, flight logs for 2023, and the policy governing their use.",
		.department = D_LAPD,
	},
	{
		.description = "The Department's annual surveillance technology report and the "
			"inventory of surveillance technologies submitted to the City Council, "
			"for each year since the ordinance took effect.",
		.department = D_LAPD,
	},
	{
		.description = "The training bulletins and lesson plans used to train officers on "
			"crisis intervention and de-escalation, current versions only.",
		.department = D_LAPD,
	},
	{
		.description = "Data on traffic stops in 2022 reported under the Racial and Identity "
			"Profiling Act (RIPA), in a machine-readable format such as CSV.",
		.department = D_LAPD,
	},
	{
		.description = "The police report for a vehicle collision on March 3 at the "
			"intersection of Main St and 5th St, report number available on request. "
			"I was one of the drivers involved.",
		.department = D_LAPD,
	},
	{
		.description = "Overtime paid to sworn officers by division for fiscal years "
			"2020-21, 2021-22 and 2022-23.",
		.department = D_LAPD,
	},
	{
		.description = "Emails between the Chief of Police's office and the Mayor's office "
			"containing the words \"protest\" or \"curfew\" sent between May 25 and June 15, 2020.",
		.department = D_LAPD,
	},

	/* City Clerk */
	{
		.description = "The City Council's calendar of meetings for the current year, "
			"including closed sessions, with agendas and approved minutes.",
		.department = D_CLERK,
	},
	{
		.description = "Statements of Economic Interests (Form 700) filed by each member "
			"of the City Council for the last three years.",
		.department = D_CLERK,
	},
	{
		.description = "The calendars of the Mayor and of each Councilmember for the month "
			"of October last year.",
		.department = D_CLERK,
	},
	{
		.description = "All lobbyist registration and quarterly activity reports filed with "
			"the City Clerk during 2023.",
		.department = D_CLERK,
	},
	{
		.description = "Campaign contribution reports (Form 460) for all candidates in the "
			"last municipal election.",
		.department = D_CLERK,
	},
	{
		.description = "The City's records retention schedule for every department, "
			"current version.",
		.department = D_CLERK,
	},
	{
		.description = "A list of every public records request received by the City in "
			"2023, with the date received, the department, the date closed and how it was closed.",
		.department = D_CLERK,
	},

	/* Public Works */
	{
		.description = "All pothole complaints (311 service requests) for the 2400 block of "
			"Oak St from 2021 to the present, and the work orders that closed them.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "Tree removal permits issued for street trees on Maple Ave "
			"between 1st St and 4th St, and any arborist reports supporting them.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "The contract, all amendments and all invoices for the Central Avenue "
			"street resurfacing project.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "The sidewalk repair backlog: a list of reported sidewalk damage "
			"locations not yet repaired, with the date each was reported.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "Records of sewer overflow incidents reported to the Regional Water "
			"Quality Control Board in 2022 and 2023.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "Emails between Public Works staff and any Councilmember's office "
			"about the installation of speed humps on Cedar St, from January 2023 on.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "Streetlight outage reports and repair times by council district "
			"for the last 12 months.",
		.department = D_PUBLIC_WORKS,
	},
	{
		.description = "The pavement condition index (PCI) for every street segment in the "
			"City, most recent survey, as a spreadsheet if one exists.",
		.department = D_PUBLIC_WORKS,
	},

	/* Fire */
	{
		.description = "Fire inspection records for the apartment building at 455 Pine St "
			"for the past five years, including any notices of violation.",
		.department = D_FIRE,
	},
	{
		.description = "Response times for emergency medical calls by fire station for 2023.",
		.department = D_FIRE,
	},
	{
		.description = "The incident report for the structure fire on Birch Ave on "
			"August 14 of last year. I am the owner of the property.",
		.department = D_FIRE,
	},
	{
		.description = "Brush clearance inspection results and citations for properties in "
			"the Very High Fire Hazard Severity Zone, 2022 and 2023.",
		.department = D_FIRE,
	},
	{
		.description = "The following records about the Department's ambulance fleet:\n\n"
			"1. The current inventory of rescue ambulances and their ages\n"
			"2. Maintenance records for 2023\n"
			"3. Any reports about vehicles out of service for more than 30 days",
		.department = D_FIRE,
	},
	{
		.description = "Records of firefighter injuries on duty reported in the last three "
			"years, with personal information removed.",
		.department = D_FIRE,
	},

	/* City Attorney */
	{
		.description = "All settlement agreements over $50,000 entered into by the City "
			"in 2022 and 2023, including those resolving claims against the Police Department.",
		.department = D_ATTORNEY,
	},
	{
		.description = "A list of lawsuits pending against the City as of January 1, "
			"with the case name, court and case number.",
		.department = D_ATTORNEY,
	},
	{
		.description = "Contracts with outside law firms and the amounts paid to each "
			"in the last fiscal year.",
		.department = D_ATTORNEY,
	},
	{
		.description = "Claims for damages filed against the City in 2023 alleging injury "
			"from trip-and-fall accidents on sidewalks.",
		.department = D_ATTORNEY,
	},
	{
		.description = "Any memoranda of understanding between the City and the County "
			"regarding homeless encampment cleanups.",
		.department = D_ATTORNEY,
	},

	/* Planning & Building Safety */
	{
		.description = "Building permits, plans and inspection records for 1850 Sunset Ave, "
			"from 2015 to the present.",
		.department = D_PLANNING,
	},
	{
		.description = "Code enforcement complaints and inspection reports for the restaurant "
			"at 300 E 2nd St, including any health and safety notices issued to it.",
		.department = D_PLANNING,
	},
	{
		.description = "All applications for accessory dwelling units (ADUs) received in "
			"2023, with their status and the date each permit was issued.",
		.department = D_PLANNING,
	},
	{
		.description = "The environmental impact report and public comments for the "
			"proposed mixed-use development at 700 Harbor Blvd.",
		.department = D_PLANNING,
	},
	{
		.description = "Certificates of occupancy issued for new residential buildings "
			"in the last two years.",
		.department = D_PLANNING,
	},
	{
		.description = "Correspondence between the Planning Department and the developer of "
			"the 900 Valley View Dr project about affordable housing requirements, "
			"from 2021 to the present.",
		.department = D_PLANNING,
	},
	{
		.description = "Short-term rental registrations and the number of complaints "
			"received about short-term rentals, by neighborhood.",
		.department = D_PLANNING,
	},

	/* Human Resources */
	{
		.description = "Salary and benefits data for all City employees for calendar year "
			"2023: name, job title, department, base pay, overtime and other pay.",
		.department = D_HR,
	},
	{
		.description = "The City's current policies on telework, sexual harassment "
			"prevention, and workplace violence.",
		.department = D_HR,
	},
	{
		.description = "The number of employees by department and job classification, "
			"and the number of vacant budgeted positions, as of July 1.",
		.department = D_HR,
	},
	{
		.description = "Job descriptions and salary ranges for every classification in the "
			"Fire Department.",
		.department = D_HR,
	},
	{
		.description = "Separation agreements and severance payments to department heads "
			"since 2019.",
		.department = D_HR,
	},
	{
		.description = "Workers' compensation claims filed by City employees each year from "
			"2018 to 2023, totals by department only.",
		.department = D_HR,
	},

	/* Information Technology Agency */
	{
		.description = "The City's contracts with its cloud email provider, "
			"including pricing and the data retention terms.",
		.department = D_ITA,
	},
	{
		.description = "Reports of cybersecurity incidents or ransomware attacks affecting "
			"City systems since 2020, to the extent disclosable.",
		.department = D_ITA,
	},
	{
		.description = "The following records about the City's 311 system:\n\n"
			"1. The vendor contract and all amendments\n"
			"2. Invoices paid in the last two fiscal years\n"
			"3. The data dictionary for the 311 service request export",
		.department = D_ITA,
	},
	{
		.description = "A list of all software licenses purchased by the City with annual "
			"costs above $25,000.",
		.department = D_ITA,
	},
	{
		.description = "Policies governing the retention and deletion of text messages "
			"sent by City officials on City-issued phones.",
		.department = D_ITA,
	},

	/* General Services */
	{
		.description = "The City's list of active vendors and the total paid to each in "
			"fiscal year 2022-23.",
		.department = D_GSD,
	},
	{
		.description = "Fleet records: the number of City-owned vehicles by department, "
			"their model year and fuel type.",
		.department = D_GSD,
	},
	{
		.description = "The lease agreements for City office space at 400 Civic Center Dr and "
			"any amendments since 2016.",
		.department = D_GSD,
	},
	{
		.description = "Fuel card transactions by City vehicles for March of last year.",
		.department = D_GSD,
	},
	{
		.description = "Purchase orders and invoices for furniture bought for City Hall "
			"offices in 2023.",
		.department = D_GSD,
	},
	{
		.description = "Parking citations issued in 2023 as a data file, with the date, "
			"time, location, violation code and fine amount.",
		.department = D_GSD,
	},
};
const size_t demo_n_topics = sizeof demo_topics / sizeof demo_topics[0];

/* ---------------------------------------------------------------- */
/* Messages                                                         */

const char *const demo_staff_messages[] = {
	"Dear Requester,\n\n"
	"Thank you for your request. It has been received and assigned to the "
	"appropriate department. We will respond within the time allowed by the "
	"California Public Records Act.",

	"Dear Requester,\n\n"
	"We have received your request and are searching for responsive records. "
	"We will contact you if we need anything further.",

	"Dear Requester,\n\n"
	"To help us locate the records you are looking for, could you please "
	"clarify the date range of your request? A narrower range will allow us to "
	"respond sooner.",

	"Hello,\n\n"
	"Can you tell us which address or location you are asking about? The "
	"description mentions the area but not a specific property.",

	"Dear Requester,\n\n"
	"Could you provide a report number, or the date and approximate time of the "
	"incident? Without it we are unable to identify the record you describe.",

	"Dear Requester,\n\n"
	"Pursuant to Gov. Code 7922.535, the City is extending the time to respond "
	"to your request by 14 days because of the need to search for and collect "
	"the requested records from field facilities separate from the office "
	"processing the request. We expect to respond by the new due date shown above.",

	"Dear Requester,\n\n"
	"Pursuant to Gov. Code 7922.535, the time to respond is extended by 14 days "
	"due to the need to consult with another agency having a substantial "
	"interest in the determination of the request.",

	"Dear Requester,\n\n"
	"Under Gov. Code 7922.535, \"unusual circumstances\" exist because your "
	"request involves a voluminous amount of separate and distinct records. "
	"We are extending the response date by 14 days.",

	"The responsive records are attached. Please let us know if you have any "
	"questions.",

	"Records attached. This is a partial release; we are continuing to review "
	"the remaining records and will release them on a rolling basis.",

	"Dear Requester,\n\n"
	"Attached is the first installment of responsive records (emails from "
	"January through March). Personal contact information of members of the "
	"public has been redacted under Gov. Code 7927.700.",

	"Dear Requester,\n\n"
	"We are producing the records in the following installments:\n\n"
	"1. Contracts and amendments, released today\n"
	"2. Invoices, expected within two weeks\n"
	"3. Correspondence, expected within 30 days",

	"The data you requested is attached as a CSV file. The column definitions "
	"are in the first sheet of the accompanying workbook.",

	"Dear Requester,\n\n"
	"The video files are too large to attach here. We will provide a download "
	"link by email once they have been reviewed and redacted.",

	"Dear Requester,\n\n"
	"The Department has searched its records and has not yet located "
	"responsive documents. We have asked another division to search as well "
	"and will update you by the due date.",

	"Hello,\n\n"
	"Some of the records you requested are already published on the City's "
	"open data portal. We have included the links below and will provide the "
	"remaining records directly.",

	"Dear Requester,\n\n"
	"Your request has been reassigned to the department that maintains these "
	"records. They will contact you directly.",

	"Dear Requester,\n\n"
	"We have not heard back regarding our request for clarification. If we do "
	"not receive a response within 14 days, we will consider the request "
	"withdrawn.",

	"Dear Requester,\n\n"
	"The estimated cost of duplication for the paper records is $12.40 "
	"(124 pages at $0.10 per page). Electronic copies are provided at no cost; "
	"please let us know which you prefer.",

	"Thank you for your patience. The review of the records is nearly complete "
	"and we expect to release them this week.",

	"Dear Requester,\n\n"
	"We are unable to open the attachment you sent. Could you resend it as a "
	"PDF?",
};
const size_t demo_n_staff_messages = sizeof demo_staff_messages / sizeof demo_staff_messages[0];

const char *const demo_requester_messages[] = {
	"Thank you for the update.",

	"Hello, could you tell me where this request stands? The due date has "
	"passed.",

	"I am happy to narrow the request to January 1, 2021 through the present, "
	"if that helps.",

	"The address is 455 Pine St. Thank you.",

	"Thank you for the records. Are the attachments to those emails available "
	"as well?",

	"I would prefer electronic copies, please.",

	"Some pages in the release appear to be fully redacted without any "
	"explanation. Could you please tell me which exemption applies to each "
	"redaction?",

	"The request is for records, not for answers to questions. If responsive "
	"records exist, please produce them, or tell me which exemption you are "
	"relying on.",

	"Can you confirm that the search included emails in personal accounts used "
	"for City business?",

	"I no longer need these records. Please withdraw my request.",

	"The data file is exactly what I needed. Thanks so much!",

	"Could you please provide the records on a rolling basis rather than waiting "
	"until everything is reviewed?",

	"I have not received the download link mentioned in your last message. "
	"Could you resend it?",

	"Under the CPRA an agency may extend its deadline once, by no more than 14 "
	"days. This request has been extended several times. When can I expect a "
	"determination?",

	"The incident happened on March 3 at approximately 4:30pm near Main St and "
	"5th St. I don't have a report number.",
};
const size_t demo_n_requester_messages = sizeof demo_requester_messages / sizeof demo_requester_messages[0];

const char *const demo_internal_notes[] = {
	"Checked with Fleet; they have nothing before 2015.",

	"Sent search memo to Training Division and Fiscal Operations. Waiting on "
	"both.",

	"Requester called on the phone asking for an update; told them we expect "
	"to release by Friday.",

	"Emails pulled by ITA: about 3,400 messages. Need a reviewer for "
	"attorney-client material before release.",

	"Duplicate of an earlier request by the same requester; confirm before "
	"closing.",

	"City Attorney reviewing the settlement agreements for confidentiality "
	"clauses.",

	"Video redaction queued; the vendor quoted two weeks.",

	"Records are already on the open data portal; send links and close.",

	"Division says the 2019 logs were purged per the retention schedule "
	"(2 years). Get that in writing.",

	"Please double-check that the home addresses in column F are removed "
	"before this goes out.",

	"Spoke with Planning: the permit file was digitized last year and is in "
	"the document system, not the basement.",
};
const size_t demo_n_internal_notes = sizeof demo_internal_notes / sizeof demo_internal_notes[0];

const char *const demo_closing_messages[] = {
	"Dear Requester,\n\n"
	"The responsive records have been released in full and are attached to this "
	"request. This request is now closed.\n\n"
	"Thank you for using the City's public records portal.",

	"Dear Requester,\n\n"
	"The responsive records are attached. Portions have been redacted to "
	"protect personal privacy pursuant to Gov. Code 7927.700, and to withhold "
	"records privileged under the attorney-client privilege pursuant to "
	"Gov. Code 7927.705 (formerly 6254(k)) and Evidence Code 954.",

	"Dear Requester,\n\n"
	"A thorough search was conducted and the City has no records responsive "
	"to your request. This request is now closed.",

	"Dear Requester,\n\n"
	"As requested, your request has been withdrawn and is now closed.",

	"Dear Requester,\n\n"
	"We did not receive a response to our request for clarification, so the "
	"request is considered withdrawn and is now closed. You are welcome to "
	"submit a new request at any time.",

	"Dear Requester,\n\n"
	"The records you requested are records of investigations conducted by the "
	"Department for law enforcement purposes and are exempt from disclosure "
	"under Gov. Code 7923.600 (formerly 6254(f)). The information required to "
	"be disclosed about the incident is provided below.",

	"Dear Requester,\n\n"
	"The records you seek are maintained by another agency. Please contact the "
	"County's records office directly. This request is now closed.",

	"Dear Requester,\n\n"
	"The City has determined that the public interest served by not disclosing "
	"the draft documents clearly outweighs the public interest served by their "
	"disclosure (Gov. Code 7922.000, formerly 6255). The final report is "
	"attached.",

	"Dear Requester,\n\n"
	"The requested records are already publicly available on the City's "
	"website; links are provided below. This request is now closed.",
};
const size_t demo_n_closing_messages = sizeof demo_closing_messages / sizeof demo_closing_messages[0];

/* ---------------------------------------------------------------- */
/* The reference request 19-5156                                    */

/* The description, which the closing letter quotes. */
#define REF_RECORDS \
	"The following records about LAPD facial recognition technology from " \
	"January 1, 2001 through the present:\n\n" \
	"1. Contracts with providers of facial recognition technology\n" \
	"2. Contracts with trainers for use of facial recognition technology\n" \
	"3. Facial recognition technology manuals used by officers\n" \
	"4. Department policies on facial recognition\n" \
	"5. Invoices for anything to do with facial recognition\n" \
	"6. Course materials for facial recognition technology"

/* Oldest first. The page lists them newest first, and events of the same
 * minute in reverse insertion order: so opened comes before the department
 * assignment, the General Services message before the extension message
 * before the due date change (all 2019-09-30 17:27), and closed before
 * published. The reference shows no time for "Request Published"; it takes
 * the closing time. Lines the reference shows one under another are
 * paragraphs here. */
static const struct demo_event reference_events[] = {
	{
		.kind = "opened",
		.level = "public",
		.at_local = "2019-09-12 12:04",
		.actor = NOBODY,
		.body = "Request received via web",
	},
	{
		.kind = "department_assigned",
		.level = "public",
		.at_local = "2019-09-12 12:04",
		.actor = NOBODY,
		.body = "Police Department (LAPD)",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-09-12 14:16",
		.actor = S_SMA_KRIS,
		.body = "Dear Requester:\n\n"
			"The Department's Police Training and Education Group has conducted a "
			"search and indicated they have no responsive records. I am continuing "
			"to query other Department entities who may have responsive records.\n\n"
			"Thank you!",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-09-30 17:27",
		.actor = S_SMA_KRIS,
		.body = "Dear Requester:\n\n"
			"LAPD's Fiscal Operations Division's Appropriations Section has suggested "
			"that General Services be contacted to search for invoices/payments that "
			"may have been made for this purpose. General Services manages and "
			"maintains the old database, and LAPD is not the custodian of these "
			"records.\n\n"
			"We are continuing to search for the other documents you have requested. "
			"Thank you for your patience.\n\n"
			"LAPD CPRA",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-09-30 17:27",
		.actor = S_SMA_KRIS,
		.body = "Dear Requester:\n\n"
			"I have reviewed your California Public Records Act request. Please be "
			"advised that, pursuant to California Government Code Section 6253(c), "
			"I have found that \"unusual circumstances\" exist with respect to the "
			"request due to the need to search for, collect, and review the "
			"requested records from other Department entities which are separate "
			"from the office processing the request. Therefore, my staff will "
			"require the statutory fourteen days extension of time in which to "
			"respond. A determination concerning your request will be made as soon "
			"as possible.\n\n"
			"If you have any questions regarding this correspondence, simply "
			"respond to this email.\n\n"
			"Respectfully,\n\n"
			"LAPD Discovery Section CPRA Unit",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2019-09-30 17:27",
		.actor = NOBODY,
		.new_due = "2019-10-07",
		.old_due = "2019-09-23",
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2019-09-30 18:06",
		.actor = REQUESTER,
		.body = "OK, thanks for the suggestion. Do you know a good contact at General "
			"Services Division to ask?",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-09-30 20:56",
		.actor = S_SMA_KRIS,
		.body = "I believe they're on NextRequest, so probably just go through their "
			"public records portal that way. I'll make an inquiry tomorrow to see if "
			"I can get any more specific contact info.",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-09-30 21:47",
		.actor = REQUESTER,
		.body = "unfortunately they're not on NextRequest, so if you could get a name "
			"that would save some time! thanks again!",
	},
	{
		.kind = "message",
		.level = "public",
		.at_local = "2019-10-01 11:28",
		.actor = S_SMA_KRIS,
		.body = "It looks like GSD hasn't gone live with NextRequest yet. The info I "
			"was given is that their CPRA person is Carrie Lemus, "
			"carolyn.lemus@lacity.org 213-928-8396.",
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2019-10-01 11:32",
		.actor = REQUESTER,
		.body = "Thank you so much!",
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2019-10-01 11:33",
		.actor = S_SMA_KRIS,
		.body = "You are very welcome!",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2019-12-09 10:41",
		.actor = NOBODY,
		.new_due = "2020-01-09",
		.old_due = "2019-10-07",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2020-01-09 15:45",
		.actor = NOBODY,
		.new_due = "2020-02-10",
		.old_due = "2020-01-09",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2020-02-07 14:47",
		.actor = NOBODY,
		.new_due = "2020-03-10",
		.old_due = "2020-02-10",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2020-03-09 10:14",
		.actor = NOBODY,
		.new_due = "2020-04-14",
		.old_due = "2020-03-10",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2020-04-13 15:38",
		.actor = NOBODY,
		.new_due = "2020-05-12",
		.old_due = "2020-04-14",
	},
	{
		.kind = "due_date_changed",
		.level = "public",
		.at_local = "2020-05-11 14:39",
		.actor = NOBODY,
		.new_due = "2020-06-09",
		.old_due = "2020-05-12",
	},
	{
		.kind = "closed",
		.level = "public",
		.at_local = "2020-06-08 11:21",
		.actor = NOBODY,
		.body = "Dear Requester,\n\n"
			"We have reviewed your request for \"" REF_RECORDS ".\"\n\n"
			"Your request was made under the California Public Records Act (the "
			"Act). The Department is cognizant of its responsibilities under the "
			"Act. It recognizes the statutory scheme was enacted to maximize citizen "
			"access to the workings of government. The Act does not mandate "
			"disclosure of all documents within the government's possession. "
			"Rather, by specific exemption and reference to other statutes, the Act "
			"recognizes that there are boundaries where the public's right to access "
			"must be balanced against such weighty considerations as the right of "
			"privacy, a right of constitutional dimension under California "
			"Constitution, Article 1, Section 1. The law also exempts from "
			"disclosure records that are privileged or confidential or otherwise "
			"exempt under either express provisions of the Act or pursuant to "
			"applicable federal or state law, per California Government Code "
			"Sections 6254(b); 6254(c); 6254(f); 6254(k); and 6255.\n\n"
			"The Department has conducted a search for records responsive to your "
			"request and responds as follows:\n\n"
			"1. There are no responsive records for *contracts with providers of "
			"facial recognition technology*. Please see Request No. 19-7474.\n"
			"2. There are no responsive records for *contracts with trainers for use "
			"of facial recognition technology*.\n"
			"3. There are no responsive records for *facial recognition technology "
			"manuals used by officers*.\n"
			"4. There are no responsive records for *Department policies on facial "
			"recognition*.\n"
			"5. There are no responsive records for *invoices for anything to do with "
			"facial recognition*.\n"
			"6. There are no responsive records for *course materials for facial "
			"recognition technology*.\n\n"
			"Thank you again for your patience. If you have any questions, please "
			"respond to this email.\n\n"
			"Respectfully,\n\n"
			"LAPD Discovery Section, CPRA Unit",
	},
	{
		.kind = "published",
		.level = "public",
		.at_local = "2020-06-08 11:21",
		.actor = NOBODY,
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2020-06-13 09:46",
		.actor = REQUESTER,
		.body = "Good morning, LAPD.\n\n"
			"Request 19-7474 seems to be about one particular facial recognition "
			"system whereas this request is about any such system. It's not related "
			"and your reply isn't responsive.\n\n"
			"Since the department does in fact use facial recognition tech, there "
			"must be some responsive records. Am I asking wrong? It doesn't seem "
			"possible that an organization the size of LAPD could deploy such a "
			"complex technological tool without generating some records of the sort "
			"I requested.\n\n"
			"Can you please assist me in overcoming practical obstacles to their "
			"production? You are required by law to do this.",
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2020-06-16 16:09",
		.actor = S_KRIS_TU,
		.body = "Dear Requester,\n\n"
			"The Department has received your message. A thorough search was "
			"conducted and the Department has no responsive records. The only system "
			"utilized by Department employees which incorporates any type of facial "
			"recognition technology is the Los Angeles County Regional "
			"Identification System (LACRIS). The LACRIS is managed and maintained by "
			"the Los Angeles County Sheriff's Department (LASD). LAPD employees who "
			"utilize the system adhere to policies and procedures administered by "
			"LACRIS. If you have further questions about LACRIS, you may wish to "
			"visit their website at <https://lacris.org/>.\n\n"
			"If you have any further questions, please feel free to respond to this "
			"e-mail.\n\n"
			"Respectfully,\n\n"
			"LAPD Discovery Section, CPRA Unit",
	},
	{
		.kind = "message",
		.level = "requester",
		.at_local = "2020-06-16 17:16",
		.actor = REQUESTER,
		.body = "Ah, yeah. I have a question. Are there any records at all that are "
			"possessed OR used by LAPD that confirm what you're saying about LACRIS? "
			"Or is that just folk knowledge that's not written down anywhere? Like "
			"did LAPD just run into LACRIS in the elevator back when people rode "
			"elevators and they were all like \"come use our facial recognition!\" "
			"and LAPD was like \"yay!\" But no one wrote down an agreement? That "
			"seems incredibly unlikely. And yet any such agreement would be "
			"responsive. If you have further questions about the California Public "
			"Records Act you may wish to read it some time.",
	},
};

const struct demo_reference demo_reference = {
	.number = "19-5156",
	.description = REF_RECORDS,
	.received_local = "2019-09-12 12:04",
	.channel = "web",
	.department = D_LAPD,
	.point_of_contact = S_FARAH,
	.requester_email = "sb1421fan@gmail.com",
	.status = "closed",
	.events = reference_events,
	.n_events = sizeof reference_events / sizeof reference_events[0],
};
