-- A scaled variant (fewer layers and routed experts, every width kept) records what it kept of its parent, so a
-- measurement of it can say what it stands for: {"layers", "totalLayers", "experts", "totalExperts"}.
ALTER TABLE architecture_revision ADD COLUMN scaling jsonb;
