import FileIO

/// File errors reach the learner in the one error shape, like every other kind.
extension FileError: LearnerError {}
