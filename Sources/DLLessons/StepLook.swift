/// Where the current step began in the session's count of pictures, so
/// `shown()` counts only the looks taken during the step.
final class StepLook {
    var picturesBefore = 0
}
