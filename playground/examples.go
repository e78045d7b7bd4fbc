package playground

// Example is one question preloaded in the playground: a tab in the editor and
// an entry in the "Example questions" panel.
type Example struct {
	// Key names the example in the page's address, /playground/?example=<Key>
	// (lower-case letters, digits and hyphens), so that a link can open it.
	Key string `json:"key"`
	// Name is the question in plain English, e.g. "Who commissions GP services?".
	Name string `json:"name"`
	// Description is one plain-English sentence saying what the answer shows.
	Description string `json:"description"`
	// Query is the GraphQL document. Give its operation a name, unique among
	// the examples: the page titles the operation's tab with Name.
	Query string `json:"query"`
	// Variables is the JSON object of variables, or empty for none.
	Variables string `json:"variables,omitempty"`
}

// DefaultWelcome is the text of the first tab when Config.Welcome is empty: a
// GraphQL comment explaining what caremap is and how to run a query, followed
// by a first query to run. Its comment lines are at most 32 columns, so that they
// show whole beside the examples panel on a 1280 px screen.
const DefaultWelcome = `# Welcome to caremap: England's
# health and care system of
# 1 April 2013 as a graph.
# Bodies are nodes; who answers
# to, funds, commissions and
# regulates whom are typed ties,
# each with its sources.
#
# Run the query below: press the
# triangle, or Ctrl+Enter
# (Cmd+Enter on a Mac). The
# answer shows on the right.
#
# "Example questions" (on the
# left) and the tabs above hold
# questions to try. Ctrl+Space
# suggests fields; the book icon
# opens the documentation.
#
# An underlined id in an answer
# opens that body in the
# explorer. Ask for "sources" to
# see where answers come from.

query Welcome {
  organisation(id: "nhs-england") {
    name
    role
    sources {
      title
      url
    }
  }
}
`

// DefaultExamples are newcomer questions about the 2013 system, in the order
// the playground lists them.
var DefaultExamples = []Example{
	{
		Key:         "specialised-services",
		Name:        "Who commissions specialised services?",
		Description: "The organisations that buy specialised services, such as treatment for rare conditions.",
		Query: `query WhoCommissionsSpecialisedServices {
  whoCommissions(service: "svc-specialised") {
    id
    name
  }
}
`,
	},
	{
		Key:         "gp-services",
		Name:        "Who commissions GP services?",
		Description: "The organisations that commission primary medical care from GP practices.",
		Query: `query WhoCommissionsGPServices {
  whoCommissions(service: "svc-primary-medical") {
    id
    name
  }
}
`,
	},
	{
		Key:         "ccg-accountability",
		Name:        "How is a CCG held to account, all the way up to Parliament?",
		Description: "The chain of accountability from one clinical commissioning group, NHS Airedale, Wharfedale and Craven CCG (02N), up to Parliament.",
		Query: `query AccountabilityChainOfACCG {
  accountabilityChain(from: "ccg-02n") {
    id
    name
  }
}
`,
	},
	{
		Key:         "follow-the-money",
		Name:        "Follow the money from the Department of Health to the CCGs",
		Description: "The shortest chain of funding relationships from the Department of Health to clinical commissioning groups, with amounts.",
		Query: `query FollowTheMoney {
  path(
    from: "department-of-health"
    to: "clinical-commissioning-groups"
    types: [FUNDS]
  ) {
    steps {
      relationship {
        type
        amountText
        year
      }
      node {
        id
        name
      }
    }
  }
}
`,
	},
	{
		Key:         "foundation-trust-regulators",
		Name:        "Who regulates foundation trusts?",
		Description: "The bodies that regulate NHS foundation trusts.",
		Query: `query WhoRegulatesFoundationTrusts {
  organisation(id: "nhs-foundation-trusts") {
    name
    regulatedBy {
      id
      name
    }
  }
}
`,
	},
	{
		Key:         "public-health-england",
		Name:        "What does Public Health England do, and whom does it fund?",
		Description: "Public Health England's role, the bodies it funds, and all its outgoing relationships.",
		Query: `query PublicHealthEngland {
  organisation(id: "public-health-england") {
    name
    role
    funds {
      amountText
      year
      to {
        id
        name
      }
    }
    relationships(direction: OUTGOING) {
      type
      to {
        id
        name
      }
    }
  }
}
`,
	},
	{
		Key:         "ccgs-of-an-area-team",
		Name:        "Which CCGs belong to an area team?",
		Description: "The clinical commissioning groups that are part of one NHS England area team, West Yorkshire (Q52).",
		Query: `query CCGsOfAnAreaTeam {
  organisations(filter: { partOf: "area-team-q52" }, first: 50) {
    totalCount
    edges {
      node {
        id
        name
      }
    }
  }
}
`,
	},
	{
		Key:         "one-ccg",
		Name:        "What was one CCG on 1 April 2013?",
		Description: "NHS Darlington CCG (00C): its registered patients and member GP practices, its 2013/14 allocation, its councils and health and wellbeing board, and the primary care trust it replaced.",
		Query: `query OneCCG {
  organisation(id: "ccg-00c") {
    name
    registeredPatients { value note sources { title } }
    memberPractices { value asOf }
    fundedBy { amountText year from { name } }
    predecessors { name }
    relationships(types: [MEMBER_OF, ADVISES, SUCCEEDED_BY]) {
      type
      share
      from { id }
      to { id }
    }
  }
}
`,
	},
	{
		Key:         "what-replaced-pcts",
		Name:        "What replaced primary care trusts?",
		Description: "The organisations that took over from primary care trusts when they were abolished on 31 March 2013.",
		Query: `query WhatReplacedPrimaryCareTrusts {
  organisation(id: "primary-care-trusts") {
    name
    status
    relationships(types: [SUCCEEDED_BY], direction: OUTGOING) {
      to {
        id
        name
      }
      note
    }
  }
}
`,
	},
}
