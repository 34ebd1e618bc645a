"use client";

import { useEffect, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

type Permission = NotificationPermission | "unsupported";

function readPermission(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Offers browser notifications for finished trainings; says so when they are on or blocked. */
export function NotificationToggle() {
  // Unknown until mounted: the server cannot know the browser's permission.
  const [permission, setPermission] = useState<Permission | null>(null);
  useEffect(() => setPermission(readPermission()), []);

  if (permission === null || permission === "unsupported") return null;
  if (permission === "granted") {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="notifications-state">
        Browser notifications are on for finished trainings.
      </p>
    );
  }
  if (permission === "denied") {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="notifications-state">
        Browser notifications are blocked; allow them in the site settings to be told when training ends.
      </p>
    );
  }
  return (
    <button
      type="button"
      data-testid="enable-notifications"
      className={buttonStyles.ghost}
      onClick={async () => setPermission(await Notification.requestPermission())}
    >
      <span aria-hidden="true">🔔</span> Enable notifications
    </button>
  );
}
