import Foundation
import GRDB

/// A drill acted out on a copy of the state: every protected instance of the
/// lost region restored into its destination at its latest restorable time,
/// through the same engine path as `CreateDdrInstance`.
public struct Rehearsal: Sendable, Equatable {
    public struct Restore: Sendable, Equatable {
        public var sourceID: String
        public var destinationRegion: String
        /// The moment restored (the drill's latest restorable time).
        public var restoreTime: Seconds
        /// The new instance, or nil when the restore was refused (see `refusal`).
        public var newInstanceID: String?
        /// When the new instance will be Running.
        public var runningAt: Seconds?
        /// Why the engine refused this restore, in its words; empty when it was made.
        public var refusal: String
    }

    /// The state the restores were made in.
    public var path: String
    public var restores: [Restore]
}

extension Engine {
    /// Copies this state to `path` (refusing to overwrite anything) and
    /// restores there every protected instance of `report`. This state is
    /// only read. The restores are one transaction of the copy, committed
    /// before the copy is linked into place; each refused one is reported with
    /// its reason and leaves nothing behind.
    public func rehearse(_ report: DrillReport, into path: String) throws -> Rehearsal {
        var restores: [Rehearsal.Restore] = []
        _ = try store.copy(to: path) { db in
            let tx = try Tx(db)
            restores = try report.rows.filter(\.protected).map { row in try tx.rehearse(row, lostRegion: report.region) }
            try Engine.moveGeneration(db)
        }
        return Rehearsal(path: path, restores: restores)
    }
}

extension Tx {
    func rehearse(_ row: DrillReport.Row, lostRegion: String) throws -> Rehearsal.Restore {
        let time = row.latestRestorableTime!, destination = row.destinationRegion!
        var outcome = Rehearsal.Restore(sourceID: row.instanceID, destinationRegion: destination, restoreTime: time,
                                        newInstanceID: nil, runningAt: nil, refusal: "")
        let request = RestoreRequest(destinationRegion: destination,
                                     source: .pointInTime(instanceID: row.instanceID, sourceRegion: lostRegion, time: time),
                                     description: "DR rehearsal of \(row.instanceID)")
        do {
            try db.inSavepoint {
                let new = try restore(request)
                (outcome.newInstanceID, outcome.runningAt) = (new.id, new.readyAt)
                return .commit
            }
        } catch let refusal as EngineError {
            outcome.refusal = refusal.message
        }
        return outcome
    }
}

extension Rehearsal {
    /// The rehearsal as `rds-console drill --rehearse --json` adds it to the report.
    public var json: JSON {
        .object([.init("Into", .string(path)), .init("Restores", .array(restores.map { r in
            .object([.init("SourceDBInstanceId", .string(r.sourceID)), .init("DestinationRegion", .string(r.destinationRegion)),
                     .init("RestoreTime", .string(UTCTime.format(r.restoreTime))),
                     .init("DBInstanceId", r.newInstanceID.map { .string($0) } ?? .null),
                     .init("RunningAt", r.runningAt.map { .string(UTCTime.format($0)) } ?? .null),
                     .init("Refusal", .string(r.refusal))])
        }))])
    }
}
