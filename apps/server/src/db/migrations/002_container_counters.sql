-- Per-container object count and bytes, kept by triggers in the same transaction as the
-- object row, so HEAD/listings of accounts and containers are O(1) per container.
ALTER TABLE containers ADD COLUMN object_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE containers ADD COLUMN bytes_used INTEGER NOT NULL DEFAULT 0;

UPDATE containers SET
  object_count = (SELECT COUNT(*) FROM objects o WHERE o.container_id = containers.id),
  bytes_used = (SELECT COALESCE(SUM(size), 0) FROM objects o WHERE o.container_id = containers.id);

CREATE TRIGGER objects_counters_insert AFTER INSERT ON objects BEGIN
  UPDATE containers SET object_count = object_count + 1, bytes_used = bytes_used + NEW.size
   WHERE id = NEW.container_id;
END;

CREATE TRIGGER objects_counters_delete AFTER DELETE ON objects BEGIN
  UPDATE containers SET object_count = object_count - 1, bytes_used = bytes_used - OLD.size
   WHERE id = OLD.container_id;
END;

CREATE TRIGGER objects_counters_update AFTER UPDATE OF size, container_id ON objects BEGIN
  UPDATE containers SET object_count = object_count - 1, bytes_used = bytes_used - OLD.size
   WHERE id = OLD.container_id;
  UPDATE containers SET object_count = object_count + 1, bytes_used = bytes_used + NEW.size
   WHERE id = NEW.container_id;
END;
