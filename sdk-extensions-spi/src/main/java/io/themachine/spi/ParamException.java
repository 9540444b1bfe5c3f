package io.themachine.spi;

/**
 * A parameter value an extension rejects. Thrown from a parameter record's compact constructor;
 * the pipeline loader adds the step's name, so the user reads "step 'normalize', field
 * 'target_lufs': must be between -70 and 0".
 */
public class ParamException extends IllegalArgumentException {
  private final String field;

  public ParamException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The parameter's name as it is written in YAML. */
  public String field() {
    return field;
  }
}
