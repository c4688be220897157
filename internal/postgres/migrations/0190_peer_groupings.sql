-- An admin's corrections of the peer groups (标杆值, issue 17 item 2): the
-- indicator name as groups compare it (check.PeerName) and the group it
-- goes to (itself to split it out of the group its synonyms put it in,
-- another name to merge it into that group). No row: check.PeerKey's own
-- grouping. Each change is audited (action peer_grouping) in the same
-- transaction. The groups themselves are not stored: the service builds
-- them from the published tables and keeps them until the data generation
-- moves, which a change here moves too.
CREATE TABLE peer_groupings (
    name TEXT NOT NULL PRIMARY KEY,
    into_name TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TRIGGER peer_groupings_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON peer_groupings
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
