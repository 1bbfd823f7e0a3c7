package dev.tributary.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed command into one line on standard error that says what went wrong; the stack
 * trace goes to the log at DEBUG, where a developer can ask for it.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        log.debug("{} failed", command.getCommandName(), error);
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        command.getErr().println(command.getColorScheme().errorText("error: " + message));
        return 1;
    }
}
