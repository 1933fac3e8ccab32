package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

import java.net.SocketException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransienceTest {

    @Test
    void throttlingAndNetworkFailuresAreTransient() {
        TooManyRequestsException throttled = TooManyRequestsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TooManyRequestsException").build())
                .message("Rate exceeded").build();
        assertThat(Transience.isTransient(new KilnException(ErrorCode.EXECUTION_FAILED, "build failed", throttled))).isTrue();
        assertThat(Transience.isTransient(SdkClientException.create("reset", new SocketException("Connection reset")))).isTrue();
        assertThat(Transience.isTransient(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(Transience.isTransient(new KilnException(ErrorCode.EXECUTION_FAILED,
                "Query failed: ICEBERG_COMMIT_ERROR: Failed to commit Iceberg update"))).isTrue();
    }

    @Test
    void sqlErrorsArePermanent() {
        AthenaException invalid = (AthenaException) AthenaException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequestException").build())
                .message("line 1:8: Column 'x' cannot be resolved").build();
        assertThat(Transience.isTransient(invalid)).isFalse();
        assertThat(Transience.isTransient(new KilnException(ErrorCode.EXECUTION_FAILED,
                "Query failed: TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.raw.users' does not exist"))).isFalse();
        assertThat(Transience.isTransient(new SQLSyntaxErrorException("mismatched input"))).isFalse();
    }
}
