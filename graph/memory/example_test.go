package memory_test

import (
	"context"
	"fmt"
	"log"

	"caremap/graph/memory"
	"caremap/seed"
)

// How a clinical commissioning group is held to account, up to Parliament.
func Example() {
	ds, err := seed.Load()
	if err != nil {
		log.Fatal(err)
	}
	s, err := memory.New(ds)
	if err != nil {
		log.Fatal(err)
	}
	chain, err := s.AccountabilityChain(context.Background(), "ccg-02n")
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range chain {
		fmt.Println(o.DisplayName())
	}
	// Output:
	// NHS Airedale, Wharfedale and Craven CCG
	// West Yorkshire (NHS England area team)
	// North of England (NHS England region)
	// NHS England
	// Department of Health
	// Secretary of State for Health
	// Parliament of the United Kingdom
}
