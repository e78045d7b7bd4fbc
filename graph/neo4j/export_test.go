package neo4j

// SetBeforeSeedBatch installs a hook that runs before each write batch of a
// seed; an error from it aborts the seed. For tests only.
func SetBeforeSeedBatch(cfg *Config, f func(batch, batches int) error) { cfg.beforeSeedBatch = f }
