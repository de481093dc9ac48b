/// One documented refusal of the RDS OpenAPI: its `Code`, its HTTP status and
/// the message the documentation gives (typos kept), from
/// `openapi-errors-and-behaviours.md` (R9.1). Every refusal the engine makes
/// names one of these; the explanation of the case follows the documented
/// message.
///
/// A code is its `Code`: two values with one `Code` are equal whatever status an
/// action answers it with (`answering`), and one matches the other in a `switch`.
public struct ErrorCode: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let status: Int
    public let documented: String

    public init(_ code: String, _ status: Int, _ documented: String) {
        self.code = code
        self.status = status
        self.documented = documented
    }

    /// The same code answered with another status (the documentation gives some
    /// codes a different status in different actions, §C.3).
    public func answering(_ status: Int) -> ErrorCode { ErrorCode(code, status, documented) }

    public var description: String { "\(status) \(code)" }

    public static func == (a: ErrorCode, b: ErrorCode) -> Bool { a.code == b.code }
    public func hash(into h: inout Hasher) { h.combine(code) }
    public static func ~= (pattern: ErrorCode, value: ErrorCode) -> Bool { pattern == value }

    /// A code another layer answered (an endpoint's answer read back, the signature check),
    /// with its status; its message comes whole with it (no documented part is added). It
    /// equals the table's code of that `Code`.
    public static func received(_ code: String, status: Int) -> ErrorCode { ErrorCode(code, status, "") }
}

extension ErrorCode {
    // MARK: Gateway (A.22), every action

    public static let missingParameter = ErrorCode(
        "MissingParameter", 400, "The input parameter that is mandatory for processing this request is not supplied.")
    public static let invalidActionNotFound = ErrorCode(
        "InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method.")
    public static let idempotentParameterMismatch = ErrorCode(
        "IdempotentParameterMismatch", 400,
        "The request uses the same client token as a previous, but non-identical request.")
    public static let forbiddenRAM = ErrorCode(
        "Forbidden.RAM", 403, "User not authorized to operate on the specified resource.")
    public static let invalidVersion = ErrorCode(
        "InvalidParameter", 400, "The specified parameter \u{201C}Action or Version\u{201D} is not valid.")
    public static let invalidAccessKeyIdNotFound = ErrorCode(
        "InvalidAccessKeyId.NotFound", 404, "The Access Key ID provided does not exist in our records.")
    public static let signatureDoesNotMatch = ErrorCode(
        "SignatureDoesNotMatch", 403, "Specified signature is not matched with our calculation.")
    public static let invalidTimeStampExpired = ErrorCode(
        "InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.")
    public static let throttlingUser = ErrorCode(
        "Throttling.User", 400, "Request was denied due to user flow control.")
    public static let signatureNonceUsed = ErrorCode(
        "SignatureNonceUsed", 400, "Specified signature nonce was used already.")
    public static let serviceUnavailable = ErrorCode(
        "ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server.")
    public static let internalError = ErrorCode(
        "InternalError", 500, "The request processing has failed due to some unknown error.")

    // MARK: The generic rows (G-block)

    public static let invalidDBInstanceIdNotFound = ErrorCode(
        "InvalidDBInstanceId.NotFound", 400, "The DBInstanceId provided does not exist in records.")
    public static let parametersInvalid = ErrorCode(
        "Parameters.Invalid", 400, "Parameter error, please check the parameters.")

    // MARK: Values

    public static let invalidParametersFormat = ErrorCode(
        "InvalidParameters.Format", 400, "Specified parameter is not valid.")
    public static let parameterAbsence = ErrorCode("ParameterAbsence", 400, "Necessary param is absence.")
    public static let parameterLeastAssociate = ErrorCode(
        "ParameterLeastAssociate", 400, "Must input at least one optional parameter.")
    public static let invalidRegionFormat = ErrorCode("InvalidRegion.Format", 400, "Specified Region is not valid.")
    public static let invalidStartTimeFormat = ErrorCode(
        "InvalidStartTime.Format", 400, "Specified start time is not valid.")
    public static let invalidEndTimeFormat = ErrorCode("InvalidEndTime.Format", 400, "Specified end time is not valid.")
    public static let invalidTimeFormat = ErrorCode("InvalidTime.Format", 400, "Specified time is not valid.")
    public static let invalidParameterCombination = ErrorCode(
        "InvalidParameterCombination", 400, "The end time must be greater than the start time")
    public static let invalidPageNumbersMalformed = ErrorCode(
        "InvalidPageNumbers.Malformed", 400, "Specified page number is not valid.")
    public static let invalidMaxRecordsPerPageMalformed = ErrorCode(
        "InvalidMaxRecordsPerPage.Malformed", 403, "Specified record number is not valid.")
    public static let invalidNextToken = ErrorCode("Invalid.NextToken", 400, "The parameter NextToken is invalid.")
    public static let invalidExpiredFormat = ErrorCode(
        "InvalidExpired.Format", 400, "The instance expiration status parameter is incorrect.")
    public static let invalidDBInstanceTypeValueNotSupport = ErrorCode(
        "InvalidDBInstanceType.ValueNotSupport", 400, "The specified parameter DBInstanceType is not valid.")
    public static let invalidPageSize = ErrorCode("InvalidPageSize", 400, "The page size is invalid")
    public static let invalidPageIndex = ErrorCode("InvalidPageIndex", 400, "The page index is invalid")

    // MARK: Cross-region backup

    public static let crossBackupNotSupport = ErrorCode(
        "CrossBackupNotSupport", 403, "Specified region not support cross region backup.")
    public static let incorrectEngineVersion = ErrorCode(
        "IncorrectEngineVersion", 403, "Current engine version does not support operations.")
    public static let incorrectDBInstanceType = ErrorCode(
        "IncorrectDBInstanceType", 403, "Current DB instance type does not support this operation.")
    public static let incorrectDBInstanceEngine = ErrorCode(
        "IncorrectDBInstanceEngine", 403, "Current DB Instance engine does not support this operation.")
    public static let incorrectDBInstanceState = ErrorCode(
        "IncorrectDBInstanceState", 403, "Current DB instance state does not support this operation.")
    public static let invalidDBInstanceNotFound = ErrorCode(
        "InvalidDBInstance.NotFound", 404, "Specified instance does not exist or not support.")

    // MARK: Restore

    public static let invalidBackupSetIDNotFound = ErrorCode(
        "InvalidBackupSetID.NotFound", 404, "Specified backup set ID does not exist.")
    public static let invalidRestoreTypeFormat = ErrorCode(
        "InvalidRestoreType.Format", 400, "Specified restore type is not valid.")
    public static let restoreTypeNotFound = ErrorCode("RestoreType.NotFound", 404, "RestoreType is not found.")
    public static let invalidRestoreTimeFormat = ErrorCode(
        "InvalidRestoreTime.Format", 400, "Specified restore time is not valid.")
    public static let noSourceInstanceName = ErrorCode("NoSourceInstanceName", 400, "No SourceDBInstanceName.")
    public static let noAvailableDisasterRestoreBakset = ErrorCode(
        "NoAvailableDisasterRestoreBakset", 400, "No available disaster restore bakset.")
    public static let crossRegionUnsupportTDE = ErrorCode(
        "CrossRegionUnsupportTDE", 403, "Cross-region disaster restore not support TDE bakset.")
    public static let disasterRestoreRegionNotMatched = ErrorCode(
        "DisasterRestoreRegionNotMatched", 400,
        "Disaster restore should be operated in the ddr region or source region.")
    public static let invalidEngineMalformed = ErrorCode("InvalidEngine.Malformed", 400, "Specified engine is not valid.")
    public static let invalidEngineVersionMalformed = ErrorCode(
        "InvalidEngineVersion.Malformed", 400, "Specified engine version is not valid.")
    public static let invalidStorageFormat = ErrorCode("InvalidStorage.Format", 400, "Specified Storage is not valid.")
    public static let invalidDBInstanceClassNotFound = ErrorCode(
        "InvalidDBInstanceClass.NotFound", 404, "Specified DB instance class is not found.")
    public static let invalidDBInstanceNetTypeNotFound = ErrorCode(
        "InvalidDBInstanceNetType.NotFound", 404, "Specified DB instance net type is not found.")
    public static let invalidSecurityIPListFormat = ErrorCode(
        "InvalidSecurityIPList.Format", 400, "Specified security IP list format is not valid.")
    public static let invalidSecurityIPListDuplicate = ErrorCode(
        "InvalidSecurityIPList.Duplicate", 400, "Specified security IP list is not valid: Duplicate IP address in the list")
    public static let invalidSecurityIPListQuotaExceeded = ErrorCode(
        "InvalidSecurityIPList.QuotaExceeded", 400,
        "Specified security IP list is not valid: Exceeding the allowed amount of IP address in the list.")
    public static let invalidDBInstanceDescriptionFormat = ErrorCode(
        "InvalidDBInstanceDescription.Format", 400, "Specified DB instance description is not valid.")
    public static let invalidZoneIdNotSupported = ErrorCode(
        "InvalidZoneId.NotSupported", 400, "The Specified vpc Zone not supported.")
    public static let noBaksetName = ErrorCode("NoBaksetName", 400, "BaksetName is absence.")
    public static let invalidCharacterSetNameFormat = ErrorCode(
        "InvalidCharacterSetName.Format", 400, "Specified character set name is not valid.")
    public static let invalidMetaEmpty = ErrorCode("InvalidMeta.Empty", 403, "Meta information is empty.")

    // MARK: Instances (CreateDBInstance, DeleteDBInstance, TDE, CreateBackup)

    public static let invalidDBInstanceClassMalformed = ErrorCode(
        "InvalidDBInstanceClass.Malformed", 400, "The specified parameter DBInstanceClass is not valid.")
    public static let invalidParameter = ErrorCode(
        "InvalidParameter", 400, "Some Reuquest Parameters Is Invalid. Check or Try It Again Later.")
    public static let invalidStorageType = ErrorCode(
        "InvalidParameter.NotSupportDBInstanceStorageType", 400, "Parameter DBInstanceStorageType is invalid.")
    public static let invalidInstanceNetworkType = ErrorCode(
        "InvalidParam.InstanceNetworkType", 400, "Creation of classic network instances is not supported.")
    public static let invalidZoneNotSupported = ErrorCode(
        "InvalidZone.NotSupported", 400, "The Specified Zone not supported.")
    public static let invalidUsedTime = ErrorCode("InvalidUsedTime", 400, "UsedTime can not Less than or equal to zero.")
    public static let invalidRequestId = ErrorCode("InvalidRequestId", 400, "The request is copy, check your token.")
    public static let invalidTagKeyMalformed = ErrorCode("InvalidTagKey.Malformed", 400, "The Tag.N.Key parameter is empty.")
    public static let numberExceedTags = ErrorCode(
        "NumberExceed.Tags", 400, "The maximum number of Tags is exceeded. The maximum is 20.")
    public static let operationDeniedDBInstanceStatus = ErrorCode(
        "OperationDenied.DBInstanceStatus", 403, "The operation is not permitted due to status of instance.")
    public static let operationDeniedDBInstanceType = ErrorCode(
        "OperationDenied.DBInstanceType", 403, "The operation is not permitted due to type of instance.")
    public static let backupJobExists = ErrorCode("BackupJobExists", 400, "The backup job already exists.")
}
