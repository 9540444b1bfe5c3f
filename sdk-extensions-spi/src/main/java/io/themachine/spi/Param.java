package io.themachine.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one component of an extension's parameter record; the CLI's {@code extensions} listing
 * and error messages show it. Validation itself lives in the record's compact constructor, which
 * throws {@link ParamException} naming the field.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Param {
  /** One line: what the parameter does, with its unit. */
  String value();
}
