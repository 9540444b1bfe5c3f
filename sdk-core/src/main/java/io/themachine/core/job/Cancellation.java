package io.themachine.core.job;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a caller sets to stop a run: running jobs see it through their context, queued ones never start. */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private Cancellation() {}

  public static Cancellation create() {
    return new Cancellation();
  }

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public String toString() {
    return "Cancellation[" + (isCancelled() ? "cancelled" : "active") + "]";
  }
}
