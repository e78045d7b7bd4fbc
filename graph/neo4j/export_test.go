package neo4j

import n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

// SetBeforeSeedBatch installs a hook that runs before each write batch of a
// seed; an error from it aborts the seed. For tests only.
func SetBeforeSeedBatch(cfg *Config, f func(batch, batches int) error) { cfg.beforeSeedBatch = f }

// SetProfile makes every read of s a PROFILE and hands each plan to f with
// its operation's name. For tests only.
func SetProfile(s *Store, f func(op string, plan n4j.ProfiledPlan)) { s.profile = f }
